"""What stories add to a batch: the same batch of articles with and without ``"stories": true``.

    python bench/stories.py ../shared/eval/dev/events-reuters-dev.jsonl ../shared/eval/dev/stories-reuters-dev.json \
        --documents 26 --url http://127.0.0.1:8250

Two figures, both on the same documents in one run. In process, CPU seconds (``time.process_time``)
of the batch's work — ``extract_many``, the answers dumped through the batch schema — against the same
plus ``batch_stories``; CPU time does not count what other jobs on a shared machine take. With
``--url``, wall-clock latency of the endpoint itself, requests with and without stories alternated
(noisy on a busy machine: the median of each is shown). The corpora are only read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from schemas import BatchResponseSchema  # noqa: E402
from service.config import Settings  # noqa: E402
from service.pipeline import Document, Pipeline, load_model  # noqa: E402
from service.render import answer  # noqa: E402
from service.stories import batch_stories  # noqa: E402


def read(paths: list[str], limit: int) -> list[dict]:
    docs = []
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        rows = json.loads(text)["documents"] if path.endswith(".json") else map(json.loads, text.splitlines())
        docs += [{"id": r["id"], "text": r["text"], "published_at": r.get("published_at")} for r in rows]
    return docs[:limit]


def in_process(docs: list[dict], repeat: int) -> dict:
    pipeline = Pipeline(load_model(Settings.from_env().spacy_model))
    schema = BatchResponseSchema()
    dates = [dt.datetime.fromisoformat(d["published_at"]) if d["published_at"] else None for d in docs]

    def answered() -> dict:
        """The batch's work without stories: extraction, the answers dumped through the batch schema."""
        done = pipeline.extract_many([Document(d["text"], p) for d, p in zip(docs, dates, strict=True)])
        items = [
            {
                "index": i,
                "status": 200,
                "error": None,
                "result": answer(
                    e, text=d["text"], doc_id=d["id"], published_at=p, model_info={}, processing_ms=0
                ),
            }
            for i, (d, p, e) in enumerate(zip(docs, dates, done, strict=True))
        ]
        return schema.dump({"results": items, "failed": 0})

    def cpu(work) -> float:
        started = time.process_time()
        work()
        return time.process_time() - started

    body = answered()  # warm-up
    plain = [cpu(answered) for _ in range(repeat)]
    both = [cpu(lambda: batch_stories(answered()["results"])) for _ in range(repeat)]
    alone = [cpu(lambda: batch_stories(body["results"])) for _ in range(repeat)]
    return {
        "stories_alone_cpu_ms": round(1000 * statistics.median(alone), 1),
        "cpu_s_without": round(statistics.median(plain), 3),
        "cpu_s_with": round(statistics.median(both), 3),
        "cpu_ratio": round(statistics.median(both) / statistics.median(plain), 3),
    }


def over_http(url: str, docs: list[dict], repeat: int) -> dict:
    def call(stories: bool) -> float:
        body = json.dumps({"documents": docs, "stories": stories}).encode("utf-8")
        request = urllib.request.Request(
            url.rstrip("/") + "/v1/extract/batch", data=body, headers={"Content-Type": "application/json"}
        )
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
        return time.perf_counter() - started

    call(True)
    plain, with_stories = [], []
    for _ in range(repeat):
        plain.append(call(False))
        with_stories.append(call(True))
    return {
        "wall_s_without": round(statistics.median(plain), 3),
        "wall_s_with": round(statistics.median(with_stories), 3),
        "wall_ratio": round(statistics.median(with_stories) / statistics.median(plain), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpora", nargs="+", help="JSONL records, or a .json {documents: [...]}")
    parser.add_argument("--documents", type=int, default=26)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--url", help="also time the endpoint of a running server (127.0.0.1 only)")
    args = parser.parse_args()
    docs = read(args.corpora, args.documents)
    figures = {"documents": len(docs), "characters": sum(len(d["text"]) for d in docs)}
    figures.update(in_process(docs, args.repeat))
    if args.url:
        if not args.url.startswith(("http://127.0.0.1", "http://localhost")):
            parser.error("--url must be a loopback address")
        figures.update(over_http(args.url, docs, args.repeat))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
