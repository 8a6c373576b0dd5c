"""`make quality`: the shared scorer on the seed and every dev set, against the service started as `make run`
starts it, in one table (set × figure) and one JSON file.

The scorer (``score.py``) and its sets live outside the repository (default ``../shared/eval``, the
Makefile's CORPUS default); nothing here reads them but the scorer. Each set's mode comes from its file
name: events-*/statements-* (events), timex-* (timex), geo-* (geo), stories-* (stories). A set that fails or
scores nothing is shown as it comes out, and the run goes on.

    PYTHONPATH=. python bench/quality.py [--eval ../shared/eval] [--port 8140] [--jobs 2] [--only reuters]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: bench/ is not the package

from bench.server import ROOT, Server, cores

MODES = (("events-", "events"), ("statements-", "events"), ("timex-", "timex"), ("geo-", "geo"))
MODES += (("stories-", "stories"),)
# The figures each mode's row shows, in order (score.py prints more; the JSON keeps all of them).
FIGURES = {
    "events": (
        "event_f1",
        "event_recall",
        "actor_f1",
        "actor_recall",
        "date_accuracy",
        "location_accuracy",
        "modality_accuracy",
    ),
    "timex": ("strict_f1", "relaxed_f1", "value_f1", "type_f1"),
    "geo": ("toponym_recall", "acc161", "auc_gold"),
    "stories": ("mention_recall", "pair_f1", "bcubed_f1"),
}


def sets(eval_dir: Path) -> list[tuple[str, str, list[Path]]]:
    """(name, mode, gold files): the seed first, then every dev set in name order."""
    found = [("seed", "events", sorted((eval_dir.parent / "seeds").glob("*.gold.json")))]
    for path in sorted((eval_dir / "dev").iterdir()):
        mode = next((m for prefix, m in MODES if path.name.startswith(prefix)), None)
        if mode is not None and path.suffix in (".jsonl", ".json"):
            found.append((path.stem, mode, [path]))
    return found


def score(scorer: Path, mode: str, gold: list[Path], url: str, timeout: float) -> dict:
    """One scorer run; its last line is the JSON summary. A failure is kept as {"error": ...}."""
    started = time.perf_counter()
    command = [sys.executable, str(scorer), mode, *map(str, gold), "--url", url, "--timeout", str(timeout)]
    done = subprocess.run(command, check=False, capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    try:
        result = json.loads(lines[-1]) if lines else {}
        if not isinstance(result, dict):
            raise ValueError("not an object")
    except ValueError:
        tail = (done.stderr.strip().splitlines() or lines or ["no output"])[-1]
        result = {"error": f"exit {done.returncode}: {tail[:200]}"}
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def table(results: dict[str, dict]) -> str:
    """Markdown: one row per set, its mode's figures (other modes' columns left blank)."""
    columns = [*dict.fromkeys(c for mode in FIGURES for c in FIGURES[mode]), "errors"]
    lines = ["| set | mode | " + " | ".join(columns) + " |", "|---|---|" + "---:|" * len(columns)]
    for name, result in results.items():
        mode = result.get("mode", "")
        if "error" in result:
            cells = [result["error"]] + [""] * (len(columns) - 1)
        else:
            cells = [_cell(result.get(c)) if c in FIGURES[mode] or c == "errors" else "" for c in columns]
        lines.append(f"| {name} | {mode} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "–" if value is None else str(value)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--eval", type=Path, default=ROOT.parent / "shared" / "eval", help="score.py's folder"
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("QUALITY_PORT", "8140")))
    parser.add_argument("--jobs", type=int, default=1, help="sets scored at once (the machine is shared)")
    parser.add_argument("--workers", type=int, default=cores())
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--only", default="", help="only sets whose name contains this")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "quality.json")
    args = parser.parse_args()
    eval_dir = args.eval.resolve()
    scorer = eval_dir / "score.py"
    if not scorer.is_file():
        print(f"no scorer at {scorer}: give --eval", file=sys.stderr)
        return 2
    chosen = [s for s in sets(eval_dir) if args.only in s[0]]
    url = f"http://127.0.0.1:{args.port}"
    # Stories send every article in one batch: the batch limits must admit the whole set.
    env = {"EVENTS_MAX_BATCH_DOCUMENTS": "256", "EVENTS_MAX_BATCH_CHARS": "2000000"}
    env["EVENTS_MAX_BODY_BYTES"] = "8000000"
    results: dict[str, dict] = {}
    with Server(args.port, args.workers, env=env) as server:
        print(f"service ready on {url} in {server.ready_s:.1f}s; scoring {len(chosen)} sets", file=sys.stderr)
        with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
            futures = {
                name: pool.submit(score, scorer, mode, gold, url, args.timeout) for name, mode, gold in chosen
            }
            for name, mode, _ in chosen:
                results[name] = {"mode": mode, **futures[name].result()}
                print(f"{name}: {json.dumps(results[name])}", file=sys.stderr)
    text = table(results)
    print(text)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    args.json.with_suffix(".md").write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
