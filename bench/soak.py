"""Soak test: drive the service with N concurrent clients on loopback for a bounded time, count
every error, sample the gunicorn workers' RSS, print a summary.

    make soak                                   # 10 minutes, concurrency 16, server started here
    make soak DURATION=120 CONCURRENCY=16 DISTINCT=20000
    python bench/soak.py --serve --requests 20000 --distinct 20000 --duration 3600   # memory: RSS flat?
    python bench/soak.py --url http://127.0.0.1:8000 --pid-file gunicorn.pid   # a server you started

With ``--serve`` the server is started exactly as ``make run`` starts it (gunicorn, gunicorn.conf.py,
the model preloaded), bound to 127.0.0.1, and stopped with SIGTERM at the end. Every request sends a
different text out of ``--distinct`` generated ones (new words included), so a leak that grows with
the vocabulary shows up in the RSS samples. Only loopback addresses are accepted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = {"127.0.0.1", "localhost", "::1"}

LEADERS = [
    "President Vladimir Putin",
    "Xi Jinping",
    "Joe Biden",
    "Emmanuel Macron",
    "Olaf Scholz",
    "Narendra Modi",
    "Antony Blinken",
    "Sergei Lavrov",
    "Ursula von der Leyen",
    "Rishi Sunak",
]
PLACES = ["Beijing", "Moscow", "Paris", "Berlin", "New Delhi", "Washington", "Brussels", "Tokyo"]
WHEN = ["on Thursday", "yesterday", "last week", "on May 3", "next Monday", "in March", "today"]
TEMPLATES = [
    "{a} met {b} in {p} {w} to discuss {topic}.",
    "{a} said {w} that {b} would visit {p} for talks on {topic}.",
    "{a} urged {b} {w} to end its support for {topic}, officials in {p} said.",
    "{a} and {b} signed an agreement on {topic} in {p} {w}.",
    "{a} will travel to {p} {w}, where he is expected to hold talks with {b} about {topic}.",
    "{a} did not meet {b} in {p} {w}, a spokesman said, denying reports about {topic}.",
]  # fmt: skip
SYLLABLES = ["ka", "lo", "mi", "zu", "ter", "vin", "dra", "pel", "sho", "qua", "rix", "ben"]


def make_text(i: int) -> str:
    """The i-th distinct article: a few sentences and one made-up word of its own (a new string)."""
    rng = random.Random(i)
    word = "".join(rng.choice(SYLLABLES) for _ in range(4)) + str(i)
    sentences = []
    for _ in range(rng.randint(2, 6)):
        a, b = rng.sample(LEADERS, 2)
        topic = rng.choice(["trade", "the war in Ukraine", "energy", "climate", f"the {word} project"])
        sentences.append(
            rng.choice(TEMPLATES).format(a=a, b=b, p=rng.choice(PLACES), w=rng.choice(WHEN), topic=topic)
        )
    return " ".join(sentences)


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses: Counter[str] = Counter()
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.events = 0

    def add(self, status: str, seconds: float, events: int = 0, error: str | None = None):
        with self.lock:
            self.statuses[status] += 1
            self.latencies.append(seconds)
            self.events += events
            if error and len(self.errors) < 20:
                self.errors.append(error)


def client_loop(host: str, port: int, stop_at: float, counter, distinct: int, stats: Stats, batch_every: int):
    conn = http.client.HTTPConnection(host, port, timeout=120)
    while time.monotonic() < stop_at:
        with counter["lock"]:
            n = counter["n"]
            if counter["limit"] and n >= counter["limit"]:
                break
            counter["n"] += 1
        if batch_every and n % batch_every == batch_every - 1:
            path = "/v1/extract/batch"
            docs = [
                {"id": str(n + k), "text": make_text((n + k) % distinct), "published_at": "2024-05-16"}
                for k in range(4)
            ]
            payload = {"documents": docs}
        else:
            path = "/v1/extract"
            payload = {"id": str(n), "text": make_text(n % distinct), "published_at": "2024-05-16"}
        body = json.dumps(payload).encode()
        started = time.perf_counter()
        try:
            conn.request(
                "POST", path, body, {"Content-Type": "application/json", "X-Request-ID": f"soak-{n}"}
            )
            response = conn.getresponse()
            data = response.read()
            seconds = time.perf_counter() - started
            if response.status != 200:
                stats.add(str(response.status), seconds, error=f"{response.status} {data[:200]!r}")
                continue
            answer = json.loads(data)
            if path.endswith("batch"):
                bad = [r for r in answer["results"] if r["status"] != 200]
                events = sum(len(r["result"]["events"]) for r in answer["results"] if r["result"])
                stats.add(
                    "200" if not bad else "item-error", seconds, events, error=str(bad[:1]) if bad else None
                )
            else:
                stats.add("200", seconds, len(answer["events"]))
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
        except (OSError, http.client.HTTPException, ValueError) as exc:
            stats.add(type(exc).__name__, time.perf_counter() - started, error=repr(exc))
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=120)
    conn.close()


def wait_ready(host: str, port: int, process: subprocess.Popen | None, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            sys.exit("the server exited during start-up; see its log")
        try:
            conn = http.client.HTTPConnection(host, port, timeout=5)
            conn.request("GET", "/readyz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit(f"the server on {host}:{port} was not ready in {seconds:.0f} s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="a running server (loopback only); default: start one with --serve")
    parser.add_argument(
        "--serve", action="store_true", help="start gunicorn as `make run` does, stop it after"
    )
    parser.add_argument("--port", type=int, default=0, help="with --serve: the port (default: a free one)")
    parser.add_argument("--workers", default=os.environ.get("WORKERS", ""), help="with --serve: WORKERS")
    parser.add_argument("--pid-file", help="gunicorn's pid file, to sample its workers' RSS (--url)")
    parser.add_argument("--duration", type=float, default=600, help="seconds of load (default 600)")
    parser.add_argument(
        "--requests", type=int, default=0, help="also stop after this many requests (0: no bound)"
    )
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--distinct", type=int, default=20_000, help="distinct texts to cycle through")
    parser.add_argument(
        "--batch-every", type=int, default=10, help="every n-th request is a batch of 4 (0: none)"
    )
    parser.add_argument("--sample-every", type=float, default=10, help="seconds between RSS samples")
    parser.add_argument(
        "--log", default=str(ROOT / "bench/results/soak-server.log"), help="with --serve: server log"
    )
    parser.add_argument("--json", help="also write the summary here as JSON")
    args = parser.parse_args(argv)

    process = None
    if args.serve or not args.url:
        port = args.port or free_port()
        env = dict(os.environ, HOST="127.0.0.1", PORT=str(port))
        if args.workers:
            env["WORKERS"] = str(args.workers)
        Path(args.log).parent.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "service.web.wsgi:application()",
        ]
        with open(args.log, "wb") as log:
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        host, master = "127.0.0.1", process.pid
    else:
        parts = urlsplit(args.url)
        host, port = parts.hostname or "", parts.port or 80
        master = int(Path(args.pid_file).read_text()) if args.pid_file else None
    if host not in LOOPBACK:
        sys.exit(f"soak runs on loopback only, not {host!r}")
    try:
        wait_ready(host, port, process)
        return run(args, host, port, master)
    finally:
        if process is not None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                process.kill()


def run(args, host: str, port: int, master: int | None) -> int:
    stats, counter = Stats(), {"n": 0, "lock": threading.Lock(), "limit": args.requests}
    started = time.monotonic()
    stop_at = started + args.duration
    threads = [
        threading.Thread(
            target=client_loop,
            args=(host, port, stop_at, counter, args.distinct, stats, args.batch_every),
            daemon=True,
        )
        for _ in range(args.concurrency)
    ]
    for thread in threads:
        thread.start()
    samples: list[dict] = []

    def sample():
        workers = children(master) if master else []
        row = {"t": round(time.monotonic() - started), "requests": counter["n"]}
        row["rss_mb"] = {str(pid): round(mb, 1) for pid in workers if (mb := rss_mb(pid)) is not None}
        samples.append(row)
        print(json.dumps(row), flush=True)

    while time.monotonic() < stop_at and any(thread.is_alive() for thread in threads):
        sample()
        wake = time.monotonic() + min(args.sample_every, max(0.0, stop_at - time.monotonic()))
        while time.monotonic() < wake and any(thread.is_alive() for thread in threads):
            time.sleep(0.2)
    for thread in threads:
        thread.join(timeout=150)
    sample()
    elapsed = time.monotonic() - started

    latencies = sorted(stats.latencies)

    def quantile(q):
        return (
            round(latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000, 1)
            if latencies
            else None
        )

    ok = stats.statuses.get("200", 0)
    failed = sum(stats.statuses.values()) - ok
    rss_first = samples[1]["rss_mb"] if len(samples) > 2 else samples[0]["rss_mb"]  # after warm-up
    rss_last = samples[-1]["rss_mb"]
    summary = {
        "duration_s": round(elapsed, 1),
        "concurrency": args.concurrency,
        "distinct_texts": args.distinct,
        "requests": sum(stats.statuses.values()),
        "ok": ok,
        "errors": failed,
        "statuses": dict(stats.statuses),
        "requests_per_s": round(sum(stats.statuses.values()) / elapsed, 1),
        "events": stats.events,
        "latency_ms": {"p50": quantile(0.5), "p95": quantile(0.95), "p99": quantile(0.99),
                       "max": round(latencies[-1] * 1000, 1) if latencies else None,
                       "mean": round(statistics.fmean(latencies) * 1000, 1) if latencies else None},
        "workers": len(rss_last),
        "rss_mb_first": rss_first,
        "rss_mb_last": rss_last,
        "rss_mb_max": max((mb for s in samples for mb in s["rss_mb"].values()), default=None),
        "rss_growth_mb": {pid: round(rss_last[pid] - rss_first[pid], 1) for pid in rss_last if pid in rss_first},
        "rss_growth_pct": {
            pid: round(100 * (rss_last[pid] - rss_first[pid]) / rss_first[pid], 1)
            for pid in rss_last
            if rss_first.get(pid)
        },
        "first_errors": stats.errors[:5],
    }  # fmt: skip
    print("\nsummary", json.dumps(summary, indent=2))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps({"summary": summary, "samples": samples}, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
