"""Throughput, latency, start-up and memory of the service, each as a ratio of raw spaCy, in one run.

    PYTHONPATH=. python bench/bench.py --corpus ../shared/eval/dev/statements-polnear-dev.jsonl
    make bench CORPUS=...

On the same texts (a JSONL corpus with "text" and optionally "published_at", "id"):
1. the limit: raw ``nlp.pipe`` throughput of the same model, as ``spacy.load`` gives it, in this one process,
   times the cores; measured before the first service stage and after each one (the server idle),
   because a shared machine's speed drifts: each stage's ratio uses the runs around it; and, for
   information, raw ``nlp.pipe`` in one process per core at once, which is what the machine really
   gives spaCy on all its cores;
2. the service started as `make run` starts it (gunicorn -c gunicorn.conf.py, workers = cores,
   preload), on --port: time from start to a 200 from /readyz;
3. from a separate load process (bench/load.py): the batch endpoint, and single documents at
   concurrency 1, 4 and 16, with p50/p95/p99 latency; the seed article's p50 latency against its
   raw parse time (measured here, in the same run);
4. peak RSS (VmHWM) and proportional set size (Pss) of each gunicorn worker, read from /proc.
Prints a markdown table and writes JSON (--out) and the table (same name, .md).
Speed is only ever measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import ROOT, Server, cores, machine, run_load, write_results

DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "dev" / "statements-polnear-dev.jsonl"
SEED = ROOT / "seeds" / "putin-xi-beijing-2024-05-16.txt"
SEED_PUBLISHED = "2024-05-16"
TARGETS = {"batch": 0.85, "c16": 0.75, "seed_latency": 1.3, "rss_mb": 400, "ready_s": 5.0}
STAGES = ("batch", "c1", "c4", "c16", "seed")


def load_corpus(path: Path, limit: int) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                rows.append(
                    {"id": row.get("id"), "text": row["text"], "published_at": row.get("published_at")}
                )
    return rows[:limit] if limit else rows


def raw_throughput(nlp, texts: list[str], batch_size: int, cpu: list | None = None) -> float:
    """Documents per second of nlp.pipe over all texts, one process, inside a memory zone.
    Appends (wall seconds, CPU seconds) to ``cpu`` when given."""
    started, started_cpu = time.perf_counter(), time.process_time()
    with nlp.memory_zone():
        for _ in nlp.pipe(texts, batch_size=batch_size):
            pass
    wall = time.perf_counter() - started
    if cpu is not None:
        cpu.append((wall, time.process_time() - started_cpu))
    return len(texts) / wall


def raw_in_parallel(nlp, texts: list[str], batch_size: int, processes: int) -> float:
    """Total docs/s of ``processes`` forked copies of this process, each running raw nlp.pipe over
    all texts at the same moment: what the machine gives raw spaCy on all its cores at once (two
    processes on two cores rarely get twice one: shared caches, memory bandwidth, SMT siblings)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")  # the model is shared copy-on-write, as under preload
    start = context.Barrier(processes)
    results = context.Queue()

    def child() -> None:
        start.wait()
        results.put(raw_throughput(nlp, texts, batch_size))

    children = [context.Process(target=child) for _ in range(processes)]
    for process in children:
        process.start()
    rates = [results.get() for _ in children]
    for process in children:
        process.join()
    return sum(rates)


def raw_parse_ms(nlp, text: str, repeat: int) -> float:
    """Median wall time of nlp(text), in ms."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        with nlp.memory_zone():
            nlp(text)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def sweep(pipeline, nlp, rows: list[dict], sizes: list[int]) -> list[dict]:
    """In-process docs/s of raw nlp.pipe and of Pipeline.extract_many per batch size."""
    from service.pipeline import Document

    texts = [r["text"] for r in rows]
    documents = [Document(r["text"], _published(r.get("published_at"))) for r in rows]
    out = []
    for size in sizes:
        raw = raw_throughput(nlp, texts, size)
        started = time.perf_counter()
        for _ in pipeline.extract_many(documents, batch_size=size):
            pass
        extract = len(documents) / (time.perf_counter() - started)
        out.append({"batch_size": size, "raw_docs_per_s": raw, "extract_many_docs_per_s": extract})
        print(
            f"  batch_size {size:3d}: raw {raw:6.2f} docs/s, extract_many {extract:6.2f} docs/s", flush=True
        )
    return out


def _published(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def write_bodies(directory: Path, rows: list[dict], batch_docs: int, seed_text: str) -> dict[str, Path]:
    def document(row: dict) -> dict:
        return {k: row[k] for k in ("id", "text", "published_at") if row.get(k) is not None}

    files = {
        "singles": [{"body": json.dumps(document(r)), "docs": 1} for r in rows],
        "batches": [
            {
                "body": json.dumps({"documents": [document(r) for r in rows[i : i + batch_docs]]}),
                "docs": len(rows[i : i + batch_docs]),
            }
            for i in range(0, len(rows), batch_docs)
        ],
        "seed": [
            {
                "body": seed_text,
                "content_type": "text/plain; charset=utf-8",
                "query": f"published_at={SEED_PUBLISHED}",
            }
        ],
    }
    paths = {}
    for name, bodies in files.items():
        path = directory / f"{name}.jsonl"
        path.write_text("".join(json.dumps(b) + "\n" for b in bodies), encoding="utf-8")
        paths[name] = path
    return paths


def check(load: dict, label: str) -> dict:
    if load["errors"]:
        raise SystemExit(f"{label}: {load['errors']} failed requests, e.g. {load['error_samples']}")
    return load


def stage(server: Server, name: str, path: str, bodies: Path, concurrency: int, requests: int) -> dict:
    """One load run from a separate process, with the CPU time the server used meanwhile."""
    cpu_before = server.cpu_seconds()
    load = check(run_load(server.port, path, bodies, concurrency, requests), name)
    load["server_cpu_s"] = server.cpu_seconds() - cpu_before
    load["docs_per_cpu_s"] = load["docs"] / load["server_cpu_s"] if load["server_cpu_s"] else 0.0
    print(
        f"{name}: {load['docs_per_s']:.2f} docs/s, p50 {load['p50_ms']:.0f} ms, "
        f"server CPU {load['server_cpu_s'] / load['seconds']:.2f} cores",
        flush=True,
    )
    return load


def seed_stage(args: argparse.Namespace, nlp, seed_text: str, bodies: Path, seed_raw_ms: list) -> dict:
    """The seed article's served latency, between two measures of its raw parse time."""
    seed_raw_ms.append(raw_parse_ms(nlp, seed_text, args.seed_repeat))
    load = check(run_load(args.port, "/v1/extract", bodies, 1, args.seed_repeat), "seed")
    seed_raw_ms.append(raw_parse_ms(nlp, seed_text, args.seed_repeat))
    print(f"seed: p50 {load['p50_ms']:.1f} ms, raw {seed_raw_ms}", flush=True)
    return load


def warm_up_server(port: int, bodies: dict[str, Path], n_batches: int, n_cores: int, n_docs: int) -> None:
    """Not counted, as raw nlp.pipe gets its untimed pass: one pass over the corpus through the batch
    endpoint (the workers' caches fill and their heaps grow, as in a long-running server; timed, this
    cost the first stage ~5 % of its CPU), then a few single documents."""
    run_load(port, "/v1/extract/batch", bodies["batches"], n_cores, requests=n_batches)
    run_load(port, "/v1/extract", bodies["singles"], n_cores, requests=min(n_docs, 4 * n_cores))


def measure(args: argparse.Namespace) -> dict:
    from service.config import Settings
    from service.pipeline import Pipeline

    n_cores = args.workers or cores()
    rows = load_corpus(args.corpus, args.limit)
    texts = [r["text"] for r in rows]
    seed_text = SEED.read_text(encoding="utf-8")
    result: dict = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "corpus": {"path": str(args.corpus), "documents": len(rows), "characters": sum(map(len, texts))},
        "settings": {
            "workers": n_cores,
            "worker_class": args.worker_class or "gunicorn.conf.py's (service.web.server.Worker)",
            "threads": args.threads or "gunicorn.conf.py's",
            "rounds": args.rounds,
            "batch_docs_per_request": args.batch_docs,
            "raw_batch_size": args.raw_batch_size,
        },
        "targets": TARGETS,
    }
    print(f"corpus: {len(rows)} documents, {result['corpus']['characters']} characters", flush=True)

    model = Settings.from_env().spacy_model
    nlp = spacy.load(model)  # the limit: the model as spaCy loads it, none of the service's changes
    # One untimed pass: the first pass over a corpus also grows the heap and fills caches, which
    # later runs (and the forked workers) no longer pay; timing it would flatter the ratios.
    raw_throughput(nlp, texts, args.raw_batch_size)
    if args.sweep:
        print("batch-size sweep (in process):", flush=True)
        result["sweep"] = sweep(Pipeline.load(model), nlp, rows, args.sweep)
        if args.sweep_only:
            return result

    raw_cpu: list[tuple[float, float]] = []
    raw_runs: list[float] = []

    def raw_run() -> None:
        raw_runs.append(raw_throughput(nlp, texts, args.raw_batch_size, raw_cpu))
        print(f"raw nlp.pipe: {raw_runs[-1]:.2f} docs/s", flush=True)

    raw_run()
    parallel = raw_in_parallel(nlp, texts, args.raw_batch_size, n_cores)
    print(f"raw nlp.pipe in {n_cores} processes at once: {parallel:.2f} docs/s", flush=True)

    server = Server(
        port=args.port,
        workers=n_cores,
        env={
            # Capacity, not shedding: the stages keep 2 x cores batches or 16 documents in flight, and
            # on a loaded machine one may wait longer than the queue deadline (bench/abuse.py sheds).
            "EVENTS_QUEUE_DEADLINE_S": os.environ.get("EVENTS_QUEUE_DEADLINE_S", "0"),
            **{
                name: str(value)
                for name, value in (("WORKER_CLASS", args.worker_class), ("THREADS", args.threads))
                if value
            },
        },
    )
    ready_s = server.start()
    print(f"ready in {ready_s:.2f} s; workers {server.worker_pids()}", flush=True)
    result["ready_s"] = ready_s
    result["memory_after_start_kb"] = server.memory()
    service: dict = {}
    seed_raw_ms: list[float] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            bodies = write_bodies(Path(tmp), rows, args.batch_docs, seed_text)
            n_batches = -(-len(rows) // args.batch_docs)
            warm_up_server(args.port, bodies, n_batches, n_cores, len(rows))
            plan = [
                ("batch", "/v1/extract/batch", bodies["batches"], 2 * n_cores, n_batches * args.rounds),
                ("c1", "/v1/extract", bodies["singles"], 1, len(rows) * args.rounds),
                ("c4", "/v1/extract", bodies["singles"], 4, len(rows) * args.rounds),
                ("c16", "/v1/extract", bodies["singles"], 16, len(rows) * args.rounds),
            ]
            for name, path, file, concurrency, requests in plan:
                if name in args.stages:
                    service[name] = stage(server, name, path, file, concurrency, requests)
                    # The server idles meanwhile: each stage is bracketed by raw runs, so its ratio
                    # uses the speed the machine had around it (a shared VM's speed drifts by ±10%).
                    raw_run()
                    service[name]["raw_runs"] = raw_runs[-2:]
            if "seed" in args.stages:
                service["seed"] = seed_stage(args, nlp, seed_text, bodies["seed"], seed_raw_ms)
        result["memory_end_kb"] = server.memory()
    finally:
        server.stop()

    raw = statistics.mean(raw_runs)
    result["raw"] = {
        "docs_per_s_runs": raw_runs,
        "docs_per_s": raw,
        "limit_docs_per_s": raw * n_cores,
        "parallel_docs_per_s": parallel,
        "cpu_share_runs": [cpu / wall for wall, cpu in raw_cpu],
        "docs_per_cpu_s": len(texts) * len(raw_cpu) / sum(cpu for _, cpu in raw_cpu),
        "mean_doc_ms": 1000 / raw,
        "seed_parse_ms_runs": seed_raw_ms,
        "seed_parse_ms": statistics.mean(seed_raw_ms) if seed_raw_ms else None,
    }
    result["service"] = service
    return result


def summary_rows(result: dict) -> list[tuple[str, ...]]:
    """(measure, value, ratio, ratio per CPU-second, target, met) rows of the table."""
    raw, service, targets = result["raw"], result["service"], result["targets"]
    limit, doc_ms = raw["limit_docs_per_s"], raw["mean_doc_ms"]
    n = result["settings"]["workers"]
    share = statistics.mean(raw["cpu_share_runs"])
    rows = [
        (
            "raw `nlp.pipe`, 1 process",
            f"{raw['docs_per_s']:.2f} docs/s (got {share:.2f} of a core)",
            f"{1 / n:.2f}",
            "",
            "",
            "",
        ),
        (
            f"**limit** = raw × {n} cores",
            f"{limit:.2f} docs/s (raw runs {min(raw['docs_per_s_runs']):.2f}–{max(raw['docs_per_s_runs']):.2f})",
            "1.00",
            "1.00",
            "",
            "",
        ),
    ]
    if raw.get("parallel_docs_per_s"):
        parallel = raw["parallel_docs_per_s"]
        rows.append(
            (
                f"raw `nlp.pipe` in {n} processes at once",
                f"{parallel:.2f} docs/s",
                f"{parallel / limit:.2f}",
                "",
                "",
                "",
            )
        )

    def ok(good: bool) -> str:
        return "yes" if good else "**no**"

    labels = {
        "batch": f"batch endpoint ({result['settings']['batch_docs_per_request']} docs/request)",
        "c1": "single documents, concurrency 1",
        "c4": "single documents, concurrency 4",
        "c16": "single documents, concurrency 16",
    }
    for name, label in labels.items():
        if name not in service:
            continue
        s = service[name]
        # Against the raw runs just before and after this stage, when the run recorded them.
        ratio = s["docs_per_s"] / (statistics.mean(s.get("raw_runs") or [limit / n]) * n)
        per_cpu = s["docs_per_cpu_s"] / raw["docs_per_cpu_s"]
        target = {"batch": targets["batch"], "c16": targets["c16"]}.get(name)
        rows.append(
            (
                label,
                f"{s['docs_per_s']:.2f} docs/s (server used {s['server_cpu_s'] / s['seconds']:.2f} cores)",
                f"{ratio:.2f}",
                f"{per_cpu:.2f}",
                f">= {target}" if target else ("max 1/cores" if name == "c1" else ""),
                ok(ratio >= target) if target else "",
            )
        )
    for name in ("c1", "c4", "c16"):
        if name in service:
            s = service[name]
            rows.append(
                (
                    f"latency p50 / p95 / p99, concurrency {name[1:]}",
                    f"{s['p50_ms']:.0f} / {s['p95_ms']:.0f} / {s['p99_ms']:.0f} ms",
                    f"{s['p50_ms'] / doc_ms:.2f} / {s['p95_ms'] / doc_ms:.2f} / {s['p99_ms'] / doc_ms:.2f} "
                    f"× raw mean doc time ({doc_ms:.0f} ms)",
                    "",
                    "",
                    "",
                )
            )
    if "seed" in service and raw["seed_parse_ms"]:
        ratio = service["seed"]["p50_ms"] / raw["seed_parse_ms"]
        rows.append(
            (
                "seed article p50 latency (its raw parse)",
                f"{service['seed']['p50_ms']:.1f} ms ({raw['seed_parse_ms']:.1f} ms)",
                f"{ratio:.2f}",
                "",
                f"<= {targets['seed_latency']}",
                ok(ratio <= targets["seed_latency"]),
            )
        )
    rows.append(
        (
            "start to ready (/readyz 200)",
            f"{result['ready_s']:.2f} s",
            "",
            "",
            f"<= {targets['ready_s']} s",
            ok(result["ready_s"] <= targets["ready_s"]),
        )
    )
    workers = result.get("memory_end_kb", {}).get("workers", {})
    if workers:
        hwm = max(w.get("VmHWM", 0) for w in workers.values()) / 1024
        pss = max(w.get("Pss", 0) for w in workers.values()) / 1024
        rows.append(
            (
                "peak RSS per worker, max (VmHWM)",
                f"{hwm:.0f} MB",
                f"{hwm / targets['rss_mb']:.2f} of target",
                "",
                f"<= {targets['rss_mb']} MB",
                ok(hwm <= targets["rss_mb"]),
            )
        )
        rows.append(("proportional set size per worker, max (Pss)", f"{pss:.0f} MB", "", "", "", ""))
    return rows


def table(result: dict) -> str:
    m = result["machine"]
    lines = [
        f"{m['nproc']} cores ({m['cpu']}), Python {m['python']}, spaCy {m['spacy']}; "
        f"corpus {result['corpus']['documents']} documents, {result['corpus']['characters']} characters, "
        f"{result['settings']['rounds']} round(s); {result['settings']['workers']} "
        f"{result['settings']['worker_class']} workers; load average at start {m['loadavg_at_start'][0]}; "
        f"{result['when']}",
        "",
        "| measure | value | ratio to limit | per CPU-second | target | met |",
        "|---|---|---|---|---|---|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in summary_rows(result)]
    lines += [
        "",
        "ratio to limit: wall-clock throughput / (raw nlp.pipe docs/s × cores), raw measured just before and "
        "just after each stage. per CPU-second: docs per CPU-second "
        "the gunicorn processes used / docs per CPU-second of raw nlp.pipe, i.e. the cost of everything the "
        "service adds, independent of how much of the machine others were using.",
    ]
    return "\n".join(lines) + "\n"


def sweep_table(rows: list[dict]) -> str:
    lines = ["| nlp.pipe batch size | raw docs/s | extract_many docs/s |", "|---|---|---|"]
    lines += [
        f"| {r['batch_size']} | {r['raw_docs_per_s']:.2f} | {r['extract_many_docs_per_s']:.2f} |"
        for r in rows
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=0, help="use only the first N documents")
    parser.add_argument(
        "--rounds", type=int, default=2, help="passes over the corpus per stage (2: start and end weigh less)"
    )
    parser.add_argument("--port", type=int, default=8130)
    parser.add_argument("--workers", type=int, default=0, help="default: the cores")
    parser.add_argument("--worker-class", help="default: gunicorn.conf.py's (service.web.server.Worker)")
    parser.add_argument("--threads", type=int, help="default: gunicorn.conf.py's")
    parser.add_argument("--batch-docs", type=int, default=8, help="documents per batch request")
    parser.add_argument("--raw-batch-size", type=int, default=16)
    parser.add_argument("--seed-repeat", type=int, default=30)
    parser.add_argument("--stages", type=lambda s: s.split(","), default=list(STAGES))
    parser.add_argument(
        "--sweep",
        type=lambda s: [int(x) for x in s.split(",")],
        default=None,
        help="batch sizes, e.g. 1,4,16,64",
    )
    parser.add_argument("--sweep-only", action="store_true", help="stop after the sweep (no server)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "latest.json")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        parser.error(f"no corpus at {args.corpus}: give --corpus (make bench CORPUS=...)")
    result = measure(args)
    text = table(result) if "service" in result else ""
    if result.get("sweep"):
        text += "\n" + sweep_table(result["sweep"])
    if args.sweep_only:
        args.out = args.out.with_name("sweep-latest.json")
    print()
    print(text)
    write_results(args.out, result, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
