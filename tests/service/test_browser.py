"""In a real headless Chromium against the real server: paste a complaint, click Assess, see the status,
and a script injected into the text does not run."""

import shutil

import pytest

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no Chromium on this machine (apt-get install chromium)")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
COMPLAINT = ("我是外卖骑手，平台系统派单，拒单要扣款，超时送达也要罚款，每天必须在线10小时。"
             "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\">")


def test_a_pasted_complaint_is_assessed_in_the_browser_and_an_injected_script_does_not_run(server):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=BROWSER, headless=True, args=FLAGS)
        try:
            page = browser.new_page()
            problems = []
            page.on("pageerror", lambda err: problems.append(str(err)))
            page.goto(server + "/?lang=zh")
            page.fill("textarea[name=text]", COMPLAINT)
            page.click("#assess")
            badge = page.wait_for_selector("#report .badge", timeout=60_000)
            # the Chinese page shows the report in Chinese: the statuses in the words of 人社部发〔2021〕56号
            assert badge.inner_text().strip() in {"劳动关系（符合确立劳动关系情形）", "无法确定", "民事关系（依托平台自主经营）",
                                                  "不完全符合确立劳动关系情形（企业进行劳动管理，第三类）"}
            assert page.locator("#report mark").count() >= 1  # the evidence is highlighted in the text
            shown = page.inner_text("#report .casetext")  # the injected markup is shown as text
            assert "window.pwned = 1" in shown and '<img src=x onerror="window.pwned = 2">' in shown
            assert page.evaluate("typeof window.pwned") == "undefined"
            assert page.locator("#report img[src=x]").count() == 0
            assert problems == []
        finally:
            browser.close()


def test_a_table_uploaded_in_the_browser_comes_back_with_every_row_in_order(server, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    ids = [f"case-{n:02d}" for n in range(12)]
    texts = ["骑手须接受平台派单，拒单扣款。", "The driver may decline any trip and uses his own car.",
             "<script>window.pwned = 3</script>主播自行决定直播时间。"]
    table = tmp_path / "complaints.csv"
    table.write_text("id,text\n" + "".join(f"{i},\"{texts[n % 3]}\"\n" for n, i in enumerate(ids)), encoding="utf-8")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=BROWSER, headless=True, args=FLAGS)
        try:
            page = browser.new_page(accept_downloads=True)
            problems = []
            page.on("pageerror", lambda err: problems.append(str(err)))
            page.goto(server + "/ui/triage?lang=en")
            page.set_input_files("input[type=file][name=file]", str(table))
            page.click("form button[type=submit]")
            page.wait_for_selector("#ranked", timeout=120_000)  # the job page reloads itself when the job is done
            assert page.locator("#ranked tr").count() == len(ids) + 1
            with page.expect_download() as download:
                page.click("a[download]")
            saved = tmp_path / "result.csv"
            download.value.save_as(saved)
            lines = saved.read_text(encoding="utf-8").splitlines()
            assert [line.split(",", 1)[0] for line in lines[1:]] == ids
            assert page.evaluate("typeof window.pwned") == "undefined"
            assert problems == []
        finally:
            browser.close()
