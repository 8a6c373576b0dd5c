"""Where the time goes: the parse against everything the extraction adds, then cProfile of the extraction.

    PYTHONPATH=. python bench/profile_extraction.py --corpus ../shared/eval/dev/statements-polnear-dev.jsonl

Parses the corpus once with nlp.pipe (timed), then times the extractor alone on the parsed docs
(CPU seconds, best of --repeat), prints the extraction's cost as a share of the parse, and the top
--top lines of a cProfile run of the extraction, by cumulative and by own time.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench import DEFAULT_CORPUS, load_corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)

    import spacy

    from service.config import Settings
    from service.pipeline import Pipeline

    rows = load_corpus(args.corpus, args.limit)
    model = Settings.from_env().spacy_model
    pipeline = Pipeline.load(model)
    texts = [r["text"] for r in rows]
    published = [
        dt.datetime.fromisoformat(r["published_at"]) if r.get("published_at") else None for r in rows
    ]

    stock = spacy.load(model)
    for nlp in (stock, pipeline.nlp):
        list(nlp.pipe(texts, batch_size=16))  # caches filled, as in a warm worker
    started = time.process_time()
    list(stock.pipe(texts, batch_size=16))
    stock_cpu = time.process_time() - started
    started = time.process_time()
    docs = list(pipeline.nlp.pipe(texts, batch_size=16))  # outside a memory zone: kept for the runs below
    parse_cpu = time.process_time() - started
    print(
        f"parse: spaCy's pipeline {stock_cpu:.2f} CPU s, the service's (components.py stand-ins) "
        f"{parse_cpu:.2f} CPU s = {parse_cpu / stock_cpu:.2f} of spaCy's"
    )

    def extract_all() -> None:
        for doc, when, text in zip(docs, published, texts, strict=True):
            pipeline.extractor(doc, when, text)  # as the service calls it: with the text it parsed

    extract_all()  # caches filled, as in a warm worker
    runs = []
    for _ in range(args.repeat):
        started = time.process_time()
        extract_all()
        runs.append(time.process_time() - started)
    extract_cpu = min(runs)
    print(
        f"{len(docs)} documents, {sum(len(d) for d in docs)} tokens: parse {parse_cpu:.2f} CPU s, "
        f"extraction {extract_cpu:.2f} CPU s = {extract_cpu / parse_cpu:.1%} of the parse "
        f"(at best {stock_cpu / (parse_cpu + extract_cpu):.2f} of spaCy's throughput)"
    )
    profile = cProfile.Profile()
    profile.enable()
    extract_all()
    profile.disable()
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(order).print_stats(args.top)
        print(f"\n--- by {order} ---")
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:20_000])
    return 0


if __name__ == "__main__":
    sys.exit(main())
