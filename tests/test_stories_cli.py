"""``events-extract --stories``: the batch endpoint's stories, over the whole output file (resumed runs too)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service import bulk
from service.bulk import cli

from .conftest import MODEL
from .test_stories_api import DOCUMENTS

RECORDS = [dict(d, id=d.get("id", "remark")) for d in DOCUMENTS]


@pytest.fixture(autouse=True)
def _shared_model(pipeline):
    bulk._pipelines.setdefault(MODEL, pipeline)


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def batch_stories(client) -> list[dict]:
    response = client.post("/v1/extract/batch", json={"documents": RECORDS, "stories": True})
    assert response.status_code == 200
    return response.get_json()["stories"]


def test_the_command_line_writes_the_batch_endpoints_stories(tmp_path, client):
    corpus = write_jsonl(tmp_path / "corpus.jsonl", RECORDS)
    out, stories = tmp_path / "events.jsonl", tmp_path / "stories.jsonl"
    assert cli.main([str(corpus), "-o", str(out), "--stories", str(stories)]) == 0
    assert read_jsonl(stories) == batch_stories(client)


def test_a_resumed_run_gives_the_stories_of_the_whole_output(tmp_path, client):
    first = write_jsonl(tmp_path / "a.jsonl", RECORDS[:2])
    out, stories = tmp_path / "events.jsonl", tmp_path / "stories.jsonl"
    assert cli.main([str(first), "-o", str(out), "--stories", str(stories)]) == 0
    assert {m["document"] for s in read_jsonl(stories) for m in s["members"]} == {"preview", "report"}
    # the second run skips what is written and adds the rest: its stories cover all four documents
    both = write_jsonl(tmp_path / "all.jsonl", RECORDS)
    assert cli.main([str(both), "-o", str(out), "--stories", str(stories)]) == 0
    assert len(read_jsonl(out)) == 4
    assert read_jsonl(stories) == batch_stories(client)


def test_stories_need_an_output_file(tmp_path, capsys):
    corpus = write_jsonl(tmp_path / "corpus.jsonl", RECORDS)
    with pytest.raises(SystemExit) as exit_:
        cli.main([str(corpus), "--stories", str(tmp_path / "s.jsonl")])
    assert exit_.value.code == 2 and "--stories needs -o" in capsys.readouterr().err
