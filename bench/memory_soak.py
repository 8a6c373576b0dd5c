"""Memory soak: worker RSS over many requests of DISTINCT texts must stay flat after warm-up.

    PYTHONPATH=. python bench/memory_soak.py --requests 20000
    make soak

Generates ``--requests`` distinct news-like texts from invented names and words (so spaCy keeps
seeing words it never saw before: without ``nlp.memory_zone()`` its string store and vocabulary
would grow with every request), starts the service as `make run` does but with max_requests off
(a worker restart would hide a leak), sends the texts from a separate load process in chunks, and
after each chunk reads every worker's VmRSS / VmHWM / Pss from /proc. Passes when RSS grows less
than ``--max-growth`` (5%) between the end of warm-up and the end, and no worker was replaced.
Writes JSON (--out) and a markdown table (same name, .md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import ROOT, Server, cores, machine, run_load, write_results

ONSETS = [
    "b",
    "br",
    "d",
    "dr",
    "f",
    "g",
    "k",
    "kr",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "st",
    "t",
    "tr",
    "v",
    "z",
    "zh",
]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ou", "ei"]
CODAS = ["", "", "n", "r", "s", "k", "l", "m", "v", "sh"]
TEMPLATES = [
    "President {P1} met {P2} in {C} on {DAY} to discuss the {w1} {w2} accord.",
    "{P1}, the {w1} minister of {C}, said on {DAY} that the {w2} talks with {P2} had been {w3}.",
    "{P1} will visit {C} next week, the {w1} ministry said, adding that {P2} would host the {w2} delegation.",
    "Officials from {C} and {C2} signed a {w1} agreement in {C3} on {DATE}, {P1} told reporters.",
    "{P1} urged {P2} to end the {w1} {w2} before {DATE}, warning that {C} could not {w3} much longer.",
    "In a phone call on {DAY}, {P1} and {P2} discussed {w1} cooperation and the {w2} crisis in {C}.",
    "{P1} denied that {C} had {w1}ed the {w2} and said the {w3} report was false.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "yesterday", "today"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]


class Inventor:
    """Invented words, never repeated: a running serial number is spelled into every word."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.serial = 0

    def word(self) -> str:
        self.serial += 1
        n, tail = self.serial, []
        while n:
            n, digit = divmod(n, len(ONSETS))
            tail.append(ONSETS[digit] + self.rng.choice(VOWELS))
        return self.rng.choice(ONSETS) + self.rng.choice(VOWELS) + "".join(tail) + self.rng.choice(CODAS)

    def name(self) -> str:
        return f"{self.word().title()} {self.word().title()}"

    def text(self, sentences: int = 2) -> str:
        out = []
        for template in self.rng.sample(TEMPLATES, sentences):
            out.append(
                template.format(
                    P1=self.name(),
                    P2=self.name(),
                    C=self.word().title(),
                    C2=self.word().title(),
                    C3=self.word().title(),
                    DAY=self.rng.choice(DAYS),
                    DATE=f"{self.rng.choice(MONTHS)} {self.rng.randint(1, 28)}",
                    w1=self.word(),
                    w2=self.word(),
                    w3=self.word(),
                )
            )
        return " ".join(out)


def texts(count: int, seed: int = 20_000, sentences: int = 2) -> list[str]:
    inventor = Inventor(seed)
    out = [inventor.text(sentences) for _ in range(count)]
    if len(set(out)) != len(out):
        raise AssertionError("generated texts are not distinct")
    return out


def worker_rss(memory: dict) -> dict[str, dict[str, int]]:
    return memory["workers"]


def total(memory: dict, key: str) -> int:
    return sum(w.get(key, 0) for w in memory["workers"].values())


def soak(args: argparse.Namespace) -> dict:
    n_workers = args.workers or cores()
    corpus = texts(args.requests, args.seed, args.sentences)
    published = [
        (dt.date(2024, 1, 1) + dt.timedelta(days=i % 366)).isoformat() for i in range(len(corpus))
    ]  # distinct reference dates too: date parsing must not cache without bound either
    print(f"{len(corpus)} distinct texts, e.g. {corpus[0]!r}", flush=True)
    server = Server(port=args.port, workers=n_workers, extra_args=["--max-requests", "0"])
    ready_s = server.start()
    start_memory = server.memory()
    pids = sorted(start_memory["workers"])
    print(
        f"ready in {ready_s:.2f} s; workers {pids}; RSS {total(start_memory, 'VmRSS') // 1024} MB", flush=True
    )
    samples = [{"requests": 0, "seconds": 0.0, "memory": start_memory}]
    errors = 0
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for offset in range(0, len(corpus), args.chunk):
                path = Path(tmp) / "chunk.jsonl"
                path.write_text(
                    "".join(
                        json.dumps(
                            {"body": json.dumps({"text": text, "published_at": published[offset + i]})}
                        )
                        + "\n"
                        for i, text in enumerate(corpus[offset : offset + args.chunk])
                    ),
                    encoding="utf-8",
                )
                load = run_load(args.port, "/v1/extract", path, args.concurrency)
                errors += load["errors"]
                memory = server.memory()
                done = offset + load["requests"]
                samples.append(
                    {
                        "requests": done,
                        "seconds": round(time.perf_counter() - started, 1),
                        "docs_per_s": load["docs_per_s"],
                        "p50_ms": load["p50_ms"],
                        "memory": memory,
                    }
                )
                rss = [w.get("VmRSS", 0) // 1024 for w in memory["workers"].values()]
                print(
                    f"{done:6d} requests, {samples[-1]['seconds']:6.0f} s, {load['docs_per_s']:5.1f} docs/s, "
                    f"worker RSS {rss} MB, errors {errors}",
                    flush=True,
                )
    finally:
        server.stop()
    end_pids = sorted(samples[-1]["memory"]["workers"])
    warm = next(s for s in samples if s["requests"] >= args.warmup)
    growth = {
        key: (total(samples[-1]["memory"], key) - total(warm["memory"], key)) / total(warm["memory"], key)
        for key in ("VmRSS", "Pss")
        if total(warm["memory"], key)
    }
    return {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {
            "requests": args.requests,
            "workers": n_workers,
            "concurrency": args.concurrency,
            "chunk": args.chunk,
            "warmup_requests": warm["requests"],
            "max_requests": 0,
        },
        "ready_s": ready_s,
        "errors": errors,
        "workers_replaced": pids != end_pids,
        "growth_after_warmup": growth,
        "max_growth": args.max_growth,
        "passed": not errors and pids == end_pids and growth.get("VmRSS", 1) < args.max_growth,
        "samples": samples,
    }


def table(result: dict) -> str:
    samples = result["samples"]
    warm = next(s for s in samples if s["requests"] >= result["settings"]["warmup_requests"])
    m = result["machine"]
    lines = [
        f"{result['settings']['requests']} distinct texts, {result['settings']['workers']} workers, "
        f"concurrency {result['settings']['concurrency']}, max_requests off; {m['nproc']} cores ({m['cpu']}), "
        f"Python {m['python']}, spaCy {m['spacy']}; {result['when']}",
        "",
        "| point | requests | RSS per worker (MB) | Pss per worker (MB) |",
        "|---|---|---|---|",
    ]
    for label, sample in (("start (ready)", samples[0]), ("after warm-up", warm), ("end", samples[-1])):
        workers = sample["memory"]["workers"].values()
        rss = ", ".join(f"{w.get('VmRSS', 0) / 1024:.0f}" for w in workers)
        pss = ", ".join(f"{w.get('Pss', 0) / 1024:.0f}" for w in workers)
        lines.append(f"| {label} | {sample['requests']} | {rss} | {pss} |")
    growth = result["growth_after_warmup"]
    lines += [
        "",
        f"RSS growth after warm-up: {growth.get('VmRSS', 0) * 100:+.2f}% (limit {result['max_growth'] * 100:.0f}%); "
        f"Pss {growth.get('Pss', 0) * 100:+.2f}%; errors {result['errors']}; "
        f"workers replaced: {'yes' if result['workers_replaced'] else 'no'}; "
        f"**{'passed' if result['passed'] else 'FAILED'}**",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--warmup", type=int, default=2_000, help="requests before the baseline sample")
    parser.add_argument("--chunk", type=int, default=1_000, help="requests between memory samples")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=0, help="default: the cores")
    parser.add_argument("--port", type=int, default=8131)
    parser.add_argument("--seed", type=int, default=20_000)
    parser.add_argument("--sentences", type=int, default=2, help="per text, 1 to 7")
    parser.add_argument("--max-growth", type=float, default=0.05)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "memory-soak.json")
    args = parser.parse_args(argv)
    result = soak(args)
    text = table(result)
    print()
    print(text)
    write_results(args.out, result, text)
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
