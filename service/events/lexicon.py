"""Rules and word lists are data: JSONL files shipped in ``service/lexicons``.

Each line is one JSON object; rules carry an ``id`` that the output names.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources


class LexiconError(ValueError):
    """A lexicon file is malformed: raised at load time, never mid-request."""


@cache
def load(name: str) -> tuple[dict, ...]:
    """All entries of ``lexicons/<name>.jsonl``, in file order (cached per process)."""
    path = resources.files("service.lexicons") / f"{name}.jsonl"
    entries = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("//"):
            continue
        try:
            entries.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise LexiconError(f"{name}.jsonl line {number}: {exc.msg}") from exc
    ids = [e["id"] for e in entries if "id" in e]
    if len(ids) != len(set(ids)):
        raise LexiconError(f"{name}.jsonl: duplicate rule ids")
    return tuple(entries)
