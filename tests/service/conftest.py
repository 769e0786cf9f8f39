"""Shared fixtures of the service tests: an app under the test client, and the real server on a free port."""

import socket
import threading
import time

import pytest

pytest.importorskip("fastapi", reason="the service's packages: pip install -e '.[test]'")

from fastapi.testclient import TestClient  # noqa: E402

from workstatus.service import ServiceSettings, create_app  # noqa: E402

RIDER = ("骑手必须服从平台系统派单，拒单要扣款，超时送达也要罚款。平台规定每天在线10小时，"
         "按月支付劳动报酬。")
DRIVER = ("The driver chose his own hours, worked for several other apps at the same time, "
          "set his own prices and owned his car.")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("jobs")


@pytest.fixture(scope="module")
def client(data_dir):
    """One running application (its lifespan loaded the model) for a test module."""
    with TestClient(create_app(ServiceSettings(data_dir=data_dir, chunk_size=2))) as test_client:
        yield test_client


def wait_for(client, job_id, states=("done", "failed"), *, rows=None, timeout=90.0):
    """Poll a job until it reaches one of ``states`` (or has ``rows`` done); its last status."""
    deadline = time.monotonic() + timeout
    while True:
        status = client.get(f"/v1/batches/{job_id}").json()
        if status["state"] in states or (rows is not None and status["rows_done"] >= rows):
            return status
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} still {status['state']} after {timeout} s")
        time.sleep(0.05)


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
