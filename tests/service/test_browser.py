"""In a real headless Chromium against the real server: paste a complaint, click Assess, see the status,
and a script injected into the text does not run."""

import shutil
import socket
import threading
import time

import pytest

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no Chromium on this machine (apt-get install chromium)")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
COMPLAINT = ("我是外卖骑手，平台系统派单，拒单要扣款，超时送达也要罚款，每天必须在线10小时。"
             "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\">")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """The application under uvicorn on a free loopback port, in a thread of this process."""
    import uvicorn

    from workstatus.service import ServiceSettings, create_app

    port = free_port()
    config = uvicorn.Config(create_app(ServiceSettings(data_dir=tmp_path)), host="127.0.0.1", port=port,
                            log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not instance.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise AssertionError("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=30)


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
            assert badge.inner_text().strip() in {"Employee (labour relationship)", "Independent", "Undetermined",
                                                  "Third category (managed, not fully a labour relationship)"}
            assert page.locator("#report mark").count() >= 1  # the evidence is highlighted in the text
            shown = page.inner_text("#report .casetext")  # the injected markup is shown as text
            assert "window.pwned = 1" in shown and '<img src=x onerror="window.pwned = 2">' in shown
            assert page.evaluate("typeof window.pwned") == "undefined"
            assert page.locator("#report img[src=x]").count() == 0
            assert problems == []
        finally:
            browser.close()
