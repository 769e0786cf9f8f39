"""A bounded load on loopback: many clients at once get every answer, each the same as one call alone.

Latency and throughput are printed (``pytest -s``), not asserted; the figures
with 1 and 2 workers beside the CLI come from ``benchmarks/service_latency.py``.
"""

import statistics
import threading
import time

import pytest

import workstatus

CLIENTS, REQUESTS = 8, 12
TEXTS = ["骑手须接受平台派单，拒单扣款，超时罚款。", "The driver may decline any trip, sets his own hours and uses his own car.",
         "主播自行决定直播时间和内容，同时在多个平台直播。", "Couriers must wear the uniform and follow the routes the app assigns."]


def test_concurrent_clients_get_every_answer_and_the_same_answers_as_one_call_alone(server):
    httpx = pytest.importorskip("httpx")
    alone = {t: workstatus.assess(t, explain=False).probabilities for t in TEXTS}
    latencies, failures = [], []
    lock = threading.Lock()

    def client(k: int) -> None:
        with httpx.Client(base_url=server, timeout=120) as http:
            for n in range(REQUESTS):
                text = TEXTS[(k + n) % len(TEXTS)]
                started = time.perf_counter()
                answer = http.post("/v1/assess", json={"text": text, "explain": False})
                took = time.perf_counter() - started
                with lock:
                    if answer.status_code != 200:
                        failures.append(answer.status_code)
                        continue
                    latencies.append(took)
                    got = answer.json()["probabilities"]
                    if any(abs(got[s] - p) > 1e-9 for s, p in alone[text].items()):
                        failures.append(f"different answer for {text[:10]}")

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    assert failures == []
    assert len(latencies) == CLIENTS * REQUESTS
    ordered = sorted(latencies)
    print(f"\n{CLIENTS} clients × {REQUESTS}: {len(latencies) / seconds:.1f} req/s, p50 "
          f"{statistics.median(ordered) * 1000:.0f} ms, p99 {ordered[int(0.99 * (len(ordered) - 1))] * 1000:.0f} ms")
