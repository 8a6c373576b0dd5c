"""Bulk extraction throughput: ``events-extract`` with 1 and 2 workers and Spark ``local[2]``, each
beside raw ``nlp.pipe`` of the same model on the same texts, measured in the same run.

    python bench/bulk.py ../shared/eval/dev/statements-polnear-dev.jsonl [--repeat 4]

The corpus is only read (records {id, text, published_at}); nothing is copied. Raw ``nlp.pipe`` is
timed right before and right after each contender, so each ratio compares figures taken under the
same load (the machine may be shared; the before/after spread shows how much it moved). The command
line is timed end to end as a user runs it (a new process that loads the model) and at steady state,
(N - 1) / (T(N) - T(1)), which leaves the start-up out. Spark is timed after a warm-up job has loaded
the model in its Python workers. CPU seconds per document (the command line's own and its workers',
from ``getrusage``) against raw ``nlp.pipe``'s are the overhead, whatever else runs on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench import load_corpus as read_corpus  # noqa: E402
from bench.server import machine as bench_machine  # noqa: E402
from service.config import Settings  # noqa: E402
from service.pipeline import Document, Pipeline  # noqa: E402


def load_corpus(path: Path, repeat: int) -> list[dict]:
    """The corpus ``repeat`` times over, each copy with its own id, without empty fields."""
    records = [{k: v for k, v in row.items() if v is not None} for row in read_corpus(path, limit=0)]
    return [{**r, "id": f"{r.get('id', i)}#{k}"} for k in range(repeat) for i, r in enumerate(records)]


def children_cpu() -> float:
    """CPU seconds of every finished child process, and theirs (the command line's workers too)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def raw_pipe(nlp, texts: list[str], batch_size: int) -> tuple[float, float]:
    """(docs/s, CPU seconds per doc)."""
    started, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return len(texts) / (time.perf_counter() - started), (time.process_time() - cpu) / len(texts)


def in_process(pipeline: Pipeline, records: list[dict], batch_size: int) -> float:
    """The service's own extraction (parse + rules), one process, no command line around it."""
    from service.bulk import check_record

    documents = [check_record(r, max_text_chars=10**9) for r in records]
    started, cpu = time.perf_counter(), time.process_time()
    for _ in pipeline.extract_many([Document(d.text, d.published_at) for d in documents], batch_size):
        pass
    return len(records) / (time.perf_counter() - started), (time.process_time() - cpu) / len(records)


def run_cli(corpus: Path, workers: int, model: str, out_dir: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its workers)."""
    out = out_dir / f"cli-{workers}-{corpus.stem}.jsonl"
    out.unlink(missing_ok=True)
    script = Path(sys.executable).with_name("events-extract")
    started, cpu = time.perf_counter(), children_cpu()
    done = subprocess.run(
        [script, corpus, "-o", out, "--workers", str(workers), "--model", model, "--no-progress"],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed, cpu = time.perf_counter() - started, children_cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(f"events-extract failed: {done.stderr}")
    return elapsed, cpu


def spark_local2(records: list[dict], model: str) -> tuple[float, float]:
    """(docs/s at steady state, seconds from session start to warm)."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import types as T

    from service.spark import extract_events, local_session

    started = time.perf_counter()
    spark = local_session("bench-bulk", "local[2]", **{"spark.sql.shuffle.partitions": "2"})
    spark.sparkContext.setLogLevel("ERROR")
    schema = T.StructType([T.StructField(n, T.StringType()) for n in ("id", "text", "published_at")])

    def frame(rows):
        data = [(r["id"], r["text"], r.get("published_at")) for r in rows]
        return spark.createDataFrame(data, schema).repartition(2).cache()

    warm, timed = frame(records[:4]), frame(records)
    warm.count(), timed.count()  # materialized, so the timing is the extraction
    extract_events(warm, model=model).write.format("noop").mode("overwrite").save()  # models loaded
    ready = time.perf_counter() - started
    t0 = time.perf_counter()
    extract_events(timed, model=model).write.format("noop").mode("overwrite").save()
    rate = len(records) / (time.perf_counter() - t0)
    spark.stop()
    return rate, ready


def machine() -> str:
    m = bench_machine()
    return f"{m['cpu']}, {m['nproc']} cores, Python {m['python']}, load average {m['loadavg_at_start'][0]:.1f} at start"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="JSONL of {id, text, published_at}")
    parser.add_argument("--repeat", type=int, default=4, help="run the corpus this many times over")
    parser.add_argument("--model", default=Settings.from_env().spacy_model)
    parser.add_argument("--batch-size", type=int, default=Settings().batch_size)
    parser.add_argument("--no-spark", action="store_true")
    args = parser.parse_args()

    records = load_corpus(args.corpus, args.repeat)
    texts = [r["text"] for r in records]
    chars = sum(map(len, texts))
    print(
        f"# {len(records)} documents ({chars / len(records):.0f} characters on average), model {args.model}"
    )
    print(f"# {machine()}", flush=True)
    pipeline = Pipeline.load(args.model)
    nlp = pipeline.nlp
    raw_pipe(nlp, texts[:16], args.batch_size)  # warm-up

    def beside(measure):
        """Raw nlp.pipe right before and right after ``measure``: the load may change in between."""
        before = raw_pipe(nlp, texts, args.batch_size)
        result = measure()
        after = raw_pipe(nlp, texts, args.batch_size)
        print(f"  raw {before} / {after}, measured {result}", file=sys.stderr, flush=True)
        return (before, after), result

    rows = []
    raw, (rate, cpu) = beside(lambda: in_process(pipeline, records, args.batch_size))
    rows.append(("Pipeline.extract_many, one process, no CLI", raw, None, rate, cpu, None, 1))
    n = len(records)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        full = tmp_dir / "corpus.jsonl"
        full.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        one = tmp_dir / "one.jsonl"
        one.write_text(json.dumps(records[0]) + "\n", encoding="utf-8")
        for workers in (1, 2):
            raw, ((t_one, cpu_one), (t_all, cpu_all)) = beside(
                lambda w=workers: (
                    run_cli(one, w, args.model, tmp_dir),
                    run_cli(full, w, args.model, tmp_dir),
                )
            )
            steady, cpu = (n - 1) / (t_all - t_one), (cpu_all - cpu_one) / (n - 1)
            rows.append((f"events-extract --workers {workers}", raw, n / t_all, steady, cpu, t_one, workers))
        if not args.no_spark:
            raw, (rate, ready) = beside(lambda: spark_local2(records, args.model))
            rows.append(("Spark local[2], mapInPandas", raw, None, rate, None, ready, 2))
    cores = os.cpu_count() or 1
    print()
    print(
        "| run | raw nlp.pipe docs/s, before / after | end to end docs/s | steady docs/s "
        "| steady / raw | steady / (raw × processes) | CPU s per doc: raw / this | start-up s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, ((before, raw_cpu_1), (after, raw_cpu_2)), end_to_end, steady, cpu, startup, processes in rows:
        raw, raw_cpu = (before + after) / 2, (raw_cpu_1 + raw_cpu_2) / 2
        e2e = f"{end_to_end:.2f}" if end_to_end else "–"
        start = "–" if startup is None else f"{startup:.1f}"
        cpu_cell = "–" if cpu is None else f"{raw_cpu:.3f} / {cpu:.3f} = {raw_cpu / cpu:.2f}"
        print(
            f"| {name} | {before:.2f} / {after:.2f} | {e2e} | {steady:.2f} | {steady / raw:.2f} "
            f"| {steady / (raw * min(processes, cores)):.2f} | {cpu_cell} | {start} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
