"""A batch killed mid-run leaves no worker behind, says how to resume, and resumes with every row once, in order."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def start(args, cwd):
    return subprocess.Popen([sys.executable, "-m", "workstatus", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for_rows(progress: Path, process, at_least: int, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the run ended before it could be interrupted: {process.stderr.read()}")
        try:
            if json.loads(progress.read_text())["rows_done"] >= at_least:
                return
        except (OSError, ValueError):
            pass
        time.sleep(0.2)
    pytest.fail("no progress")


def test_interrupt_then_kill_then_resume_with_two_workers(tmp_path):
    # enough rows that a loaded machine cannot finish the run between the progress read and the signal
    ids = [f"c{i:05d}" for i in range(6000)]
    texts = ["骑手须接受平台派单，拒单扣款。", "The driver may decline any trip and uses his own car."]
    rows = "".join(f"{i},{texts[n % 2]}\n" for n, i in enumerate(ids))
    (tmp_path / "in.csv").write_text("id,text\n" + rows, encoding="utf-8")
    args = ["batch", "in.csv", "--out", "out.csv", "--jobs", "2", "--fast", "--chunk-size", "10", "--quiet"]
    progress = tmp_path / "out.csv.progress"

    first = start(args, tmp_path)
    wait_for_rows(progress, first, 20)
    first.send_signal(signal.SIGINT)
    _, err = first.communicate(timeout=120)
    assert first.returncode == 130
    assert "--resume" in err and "Traceback" not in err

    second = start([*args, "--resume"], tmp_path)
    wait_for_rows(progress, second, json.loads(progress.read_text())["rows_done"] + 20)
    workers = children(second.pid)
    assert len(workers) >= 2
    second.kill()
    second.wait(timeout=30)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
        time.sleep(0.2)
    alive = [w for w in workers if Path(f"/proc/{w}").exists() and "Z" not in Path(f"/proc/{w}/stat").read_text().split()[2]]
    assert not alive, "a worker outlived its killed parent"

    third = start([*args, "--resume"], tmp_path)
    _, err = third.communicate(timeout=300)
    assert third.returncode == 0, err
    written = [line.split(",", 1)[0] for line in (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()[1:]]
    assert written == ids, "every row once, in input order"
    assert not progress.exists()
