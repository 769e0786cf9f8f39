"""Shared helpers of the hostile suite: run the real command line in this process, catch what it prints."""

import pytest

SECRET = "张三的身份证号110101199003071234"  # stands for personal data: must never appear in a message


@pytest.fixture(scope="session")
def model():
    import workstatus

    return workstatus.load_model()


@pytest.fixture
def cli(capsys):
    """``cli(*args)`` → (exit code, stdout, stderr) of ``workstatus ARGS`` run through the console entry point."""
    from workstatus.cli import main

    def run(*args, stdin: bytes | None = None, monkeypatch=None):
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
        out, err = capsys.readouterr()
        return code, out, err

    return run


def assert_one_clean_line(code: int, err: str, *, expect: str | None = None) -> None:
    """A refusal: non-zero exit, one line on stderr, no traceback, no case text."""
    assert code != 0
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("workstatus: "), lines[0]
    assert "Traceback" not in err and SECRET not in err
    if expect:
        assert expect in lines[0], lines[0]
