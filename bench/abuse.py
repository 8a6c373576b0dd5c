"""Slow clients, overload and long texts against the server as `make run` starts it (issue 16).

    make soak-abuse                 # part of `make soak`
    PYTHONPATH=. python bench/abuse.py --port 8132 [--overload-seconds 30]

1. slow clients: 2 clients post a 200,000-character text and never read its answer, 4 send their
   headers a byte every 0.5 s (slowloris), 4 their body; meanwhile /healthz is timed every 100 ms
   and the seed article 10 times (targets: /healthz within 1 s, the seed article within 5 s).
2. overload: 64 clients, each giving up after 2 s, post the seed article for --overload-seconds;
   goodput = answers that reached a client still waiting / extractions the server computed
   (events_documents_total before and after; target >= 50 %); /healthz timed throughout.
3. long texts: 200,000 characters of news and of punctuation, emoji and symbol runs, one at a time
   (wall time each; a worker's peak RSS after the news text).
Loopback only. Prints a JSON summary and writes bench/results/abuse.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import ROOT, Server, cores, proc_status

SEED = (ROOT / "seeds/putin-xi-beijing-2024-05-16.txt").read_text(encoding="utf-8")


def call(port: int, method: str, path: str, body: bytes | None = None, timeout: float = 30):
    """(status or 0 on a client timeout, seconds)."""
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, time.monotonic() - started
    except (TimeoutError, OSError):
        return 0, time.monotonic() - started
    finally:
        conn.close()


def documents_total(port: int) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/metrics")
    text = conn.getresponse().read().decode()
    conn.close()
    return sum(
        float(line.split()[-1]) for line in text.splitlines() if line.startswith("events_documents_total")
    )


def seed_body() -> bytes:
    return json.dumps({"text": SEED, "published_at": "2024-05-16"}).encode()


def trickle(port: int, head: bytes, stop: threading.Event) -> None:
    """Sends head, then a byte every 0.5 s; reconnects when the server closes it, until stopped."""
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
                sock.sendall(head)
                while not stop.wait(0.5):
                    sock.sendall(b"a")
        except OSError:
            stop.wait(0.2)


def non_reader(port: int, text: str) -> socket.socket:
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.settimeout(300)
    sock.connect(("127.0.0.1", port))
    body = json.dumps({"text": text}).encode()
    head = f"POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    sock.sendall(head.encode() + body)
    sock.recv(12)  # computed; the rest of the answer is never read
    return sock


def summary(seconds: list[float]) -> dict:
    ordered = sorted(seconds)
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
        "over_1s": sum(1 for value in ordered if value > 1),
    }


def slow_clients(port: int) -> dict:
    long_text = (SEED + "\n\n") * (200_000 // (len(SEED) + 2))
    readers = [non_reader(port, long_text) for _ in range(2)]
    stop = threading.Event()
    slowloris = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: "
    slow_post = b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
    threads = [
        threading.Thread(target=trickle, args=(port, h, stop), daemon=True)
        for h in [slowloris] * 4 + [slow_post] * 4
    ]
    for thread in threads:
        thread.start()
    time.sleep(2)
    health, seed, statuses = [], [], []

    def probe_health():  # every 100 ms: a stall of the server's I/O loop is caught even when short
        while not stop.is_set():
            status, seconds = call(port, "GET", "/healthz", timeout=10)
            health.append(seconds)
            statuses.append(status)
            stop.wait(max(0.0, 0.1 - seconds))

    prober = threading.Thread(target=probe_health, daemon=True)
    prober.start()
    for _ in range(10):
        status, seconds = call(port, "POST", "/v1/extract", seed_body(), timeout=30)
        seed.append(seconds)
        statuses.append(status)
        time.sleep(1)
    stop.set()
    prober.join()
    for sock in readers:
        sock.close()
    return {"healthz": summary(health), "seed_extraction": summary(seed), "statuses": sorted(set(statuses))}


def overload(port: int, seconds: float, clients: int = 64, patience: float = 2.0) -> dict:
    computed_before = documents_total(port)
    outcome = {"in_time": 0, "shed_503": 0, "gave_up": 0, "other": 0}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client():
        while time.monotonic() < stop_at:
            status, _ = call(port, "POST", "/v1/extract", seed_body(), timeout=patience)
            key = {200: "in_time", 503: "shed_503", 0: "gave_up"}.get(status, "other")
            with lock:
                outcome[key] += 1
            if status == 503:
                time.sleep(0.5)  # honours Retry-After a little; most real clients back off

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    health = []
    while time.monotonic() < stop_at:
        health.append(call(port, "GET", "/healthz", timeout=10)[1])
        time.sleep(0.5)
    for thread in threads:
        thread.join(timeout=60)
    time.sleep(3)  # abandoned requests still running finish
    computed = documents_total(port) - computed_before
    return {
        "clients": clients,
        "patience_s": patience,
        "seconds": seconds,
        **outcome,
        "computed": int(computed),
        "goodput": round(outcome["in_time"] / computed, 3) if computed else None,
        "healthz": summary(health),
    }


PLACE_NAMES = (
    "Paris",
    "Springfield, Ill.",
    "Victoria",
    "Portland",
    "Georgia",
    "Lebanon",
    "Washington",
    "Perth",
)


def long_texts(port: int, server: Server) -> dict:
    news = ((SEED + "\n\n") * (200_000 // (len(SEED) + 2) + 1))[:200_000]
    kinds = {
        "news": news,
        "punctuation": ("$%\"'(),:" * 25_000),
        "emoji": "\U0001f600" * 200_000,
        "spaced_marks": "! " * 100_000,
        "dashes": "-–—…" * 50_000,
        # every word a place with many readings: the resolver's work grows with mentions x readings
        "place_names": ((", ".join(PLACE_NAMES) + ", ") * 10_000)[:200_000],
        "words_at_token_limit": "a " * 49_990,  # EVENTS_MAX_TOKENS is 50,000
        "words_over_token_limit": "a " * 100_000,  # 413 before parsing
    }
    result = {}
    for name, text in kinds.items():
        body = json.dumps({"text": text}, ensure_ascii=False).encode()
        status, seconds = call(port, "POST", "/v1/extract", body, timeout=120)
        result[name] = {"status": status, "seconds": round(seconds, 2)}
        if name == "news":
            result["peak_rss_mb_per_worker"] = sorted(
                round(proc_status(int(pid))["VmHWM"] / 1024) for pid in server.worker_pids()
            )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, default=8132)
    parser.add_argument("--workers", type=int, default=cores())
    parser.add_argument("--overload-seconds", type=float, default=30)
    parser.add_argument("--json", default=str(ROOT / "bench/results/abuse.json"))
    args = parser.parse_args(argv)
    with Server(args.port, args.workers) as server:
        result = {"workers": args.workers, "slow_clients": slow_clients(args.port)}
        print(json.dumps(result["slow_clients"]), flush=True)
        result["overload"] = overload(args.port, args.overload_seconds)
        print(json.dumps(result["overload"]), flush=True)
        result["long_texts"] = long_texts(args.port, server)
    print("\nsummary", json.dumps(result, indent=2))
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(result, indent=2))
    met = (
        result["slow_clients"]["healthz"]["max_ms"] <= 1000
        and result["slow_clients"]["seed_extraction"]["max_ms"] <= 5000
        and (result["overload"]["goodput"] or 0) >= 0.5
        and result["overload"]["healthz"]["max_ms"] <= 1000
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
