"""How fast does the service answer, beside calling the facade in-process and the CLI, in the same run?

Starts ``workstatus serve`` on a free loopback port (with 1, then 2 workers by
default), drives ``POST /v1/assess`` from C concurrent clients for S seconds
each (bounded in time and in count; loopback only), and prints requests per
second, p50/p95/p99 latency and errors. The baseline, measured in the same
run on the same texts: ``workstatus.assess`` called in this process, one call
after another, and one ``workstatus assess FILE`` command (import included).

Texts are sampled from the real cases' sentences (2–6 each), as in
``assess_speed.py``.

    python benchmarks/service_latency.py                     # 8 clients, 10 s, workers 1 and 2, with reasons
    python benchmarks/service_latency.py --clients 16 --seconds 30 --fast
"""

from __future__ import annotations

import argparse
import json
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

MAX_REQUESTS_PER_CLIENT = 100_000  # a bound besides the time


def texts(n: int, seed: int = 0) -> list[str]:
    from workstatus import labelled_cases

    frame = labelled_cases.load_cases()
    sentences = [s for t in frame["text"] for s in re.split(r"(?<=[。！？.!?])\s*", t) if len(s) > 8]
    rng = random.Random(seed)
    return ["".join(rng.sample(sentences, rng.randint(2, 6))) for _ in range(n)]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def line(name: str, latencies: list[float], seconds: float, errors: int = 0) -> str:
    ms = [v * 1000 for v in latencies]
    return (f"{name:<34}{len(ms) / seconds:>9.1f}{percentile(ms, .5):>9.1f}{percentile(ms, .95):>9.1f}"
            f"{percentile(ms, .99):>9.1f}{errors:>8}")


def in_process(samples: list[str], seconds: float, explain: bool) -> tuple[list[float], float]:
    import workstatus

    workstatus.assess(samples[0], explain=explain)  # the model loads outside the measurement
    latencies, started, n = [], time.perf_counter(), 0
    while time.perf_counter() - started < seconds and n < MAX_REQUESTS_PER_CLIENT:
        t = time.perf_counter()
        workstatus.assess(samples[n % len(samples)], profile={"monthly_wage": 6500}, explain=explain)
        latencies.append(time.perf_counter() - t)
        n += 1
    return latencies, time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(workers: int, data_dir: str) -> tuple[subprocess.Popen, str]:
    import httpx

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "workstatus", "serve", "--port", str(port), "--workers",
                                str(workers), "--data-dir", data_dir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline, seen = time.monotonic() + 300, set()
    while time.monotonic() < deadline:
        try:  # a new connection each time, so that every worker is asked until all have loaded their model
            answer = httpx.get(url + "/healthz", timeout=2)
            if answer.status_code == 200:
                seen.add(answer.json()["worker"])
                if len(seen) == workers:
                    return process, url
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"the server with {workers} workers did not start in 300 s")


def load(url: str, samples: list[str], clients: int, seconds: float, explain: bool) -> tuple[list[float], int, float]:
    import httpx

    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client(k: int) -> None:
        own, bad = [], 0
        with httpx.Client(base_url=url, timeout=60) as http:
            n = k
            while time.perf_counter() < stop_at and len(own) + bad < MAX_REQUESTS_PER_CLIENT:
                body = {"text": samples[n % len(samples)], "profile": {"monthly_wage": 6500}, "explain": explain}
                t = time.perf_counter()
                try:
                    ok = http.post("/v1/assess", json=body).status_code == 200
                except httpx.HTTPError:
                    ok = False
                if ok:
                    own.append(time.perf_counter() - t)
                else:
                    bad += 1
                n += clients
        with lock:
            latencies.extend(own)
            errors[0] += bad

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0], time.perf_counter() - started


def cli_call(sample: str) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as handle:
        handle.write(sample)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "workstatus", "assess", handle.name, "--format", "json"],
                   check=True, capture_output=True)
    elapsed = time.perf_counter() - started
    Path(handle.name).unlink()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--fast", action="store_true", help="explain=false (no SHAP, no similar cases)")
    parser.add_argument("--no-cli", action="store_true", help="skip the one CLI call")
    args = parser.parse_args()
    explain = not args.fast
    samples = texts(200)
    print(f"POST /v1/assess, explain={str(explain).lower()}, {args.clients} clients × {args.seconds:g} s, "
          f"texts of {statistics.mean(map(len, samples)):.0f} characters on average")
    print(f"{'':<34}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    latencies, elapsed = in_process(samples, args.seconds, explain)
    print(line("baseline: workstatus.assess()", latencies, elapsed))
    results = {"in_process": {"per_s": len(latencies) / elapsed, "p50_ms": percentile(latencies, .5) * 1000}}
    with tempfile.TemporaryDirectory() as data_dir:
        for workers in args.workers:
            process, url = serve(workers, data_dir)
            try:
                latencies, errors, elapsed = load(url, samples, args.clients, args.seconds, explain)
            finally:
                process.terminate()
                process.wait(timeout=60)
            print(line(f"service, {workers} worker{'s' if workers > 1 else ''}", latencies, elapsed, errors))
            results[f"workers_{workers}"] = {"per_s": len(latencies) / elapsed, "errors": errors,
                                             "p50_ms": percentile(latencies, .5) * 1000,
                                             "p95_ms": percentile(latencies, .95) * 1000}
    if not args.no_cli:
        seconds = cli_call(samples[0])
        print(f"{'baseline: one `workstatus assess` call':<34}{1 / seconds:>9.2f}{seconds * 1000:>9.0f}")
        results["cli_call_s"] = seconds
    print(json.dumps(results))


if __name__ == "__main__":
    main()
