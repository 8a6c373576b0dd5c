"""A small closed-loop HTTP load generator, run as its own process by bench.py and memory_soak.py.

    python bench/load.py --port 8130 --path /v1/extract --concurrency 16 --bodies bodies.jsonl

Each line of ``--bodies`` is one request: {"body": <str>, "content_type": <str>, "query": <str>,
"docs": <int>}. ``--concurrency`` threads each keep one request in flight (http.client, a new
connection per request: gunicorn's sync workers close after every response), taking bodies in
order, round-robin, until ``--requests`` are sent (default: each body once). The client parses no
response body, so it costs the server's cores as little as possible. Prints one JSON object:
requests, errors, docs, seconds, docs_per_s, requests_per_s and latency percentiles in ms.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import math
import sys
import threading
import time


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100) of unsorted values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summarize(latencies_s: list[float]) -> dict[str, float | None]:
    ms = [x * 1000 for x in latencies_s]
    return {
        "p50_ms": percentile(ms, 50),
        "p95_ms": percentile(ms, 95),
        "p99_ms": percentile(ms, 99),
        "max_ms": max(ms) if ms else None,
        "mean_ms": sum(ms) / len(ms) if ms else None,
    }


def run(
    host: str, port: int, path: str, bodies: list[dict], concurrency: int, requests: int, timeout: float
) -> dict:
    prepared = [
        (
            body["body"].encode("utf-8"),
            body.get("content_type", "application/json"),
            path + (f"?{body['query']}" if body.get("query") else ""),
            int(body.get("docs", 1)),
        )
        for body in bodies
    ]
    counter = itertools.count()
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    docs_done = [0]

    def worker() -> None:
        while True:
            n = next(counter)
            if n >= requests:
                return
            payload, content_type, url, docs = prepared[n % len(prepared)]
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection(host, port, timeout=timeout)
                conn.request("POST", url, body=payload, headers={"Content-Type": content_type})
                response = conn.getresponse()
                response.read()
                conn.close()
                ok = response.status == 200
                problem = f"HTTP {response.status}"
            except OSError as exc:
                ok, problem = False, f"{type(exc).__name__}: {exc}"
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    latencies.append(elapsed)
                    docs_done[0] += docs
                else:
                    errors.append(problem)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    return {
        "path": path,
        "concurrency": concurrency,
        "requests": len(latencies) + len(errors),
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:5],
        "docs": docs_done[0],
        "seconds": round(seconds, 3),
        "docs_per_s": docs_done[0] / seconds if seconds else 0.0,
        "requests_per_s": len(latencies) / seconds if seconds else 0.0,
        **summarize(latencies),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", default="/v1/extract")
    parser.add_argument("--bodies", required=True, help="JSONL file, one request per line")
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--requests", type=int, default=0, help="default: each body once")
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args(argv)
    with open(args.bodies, encoding="utf-8") as handle:
        bodies = [json.loads(line) for line in handle if line.strip()]
    if not bodies:
        parser.error("no request bodies")
    result = run(
        args.host, args.port, args.path, bodies, args.concurrency, args.requests or len(bodies), args.timeout
    )
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
