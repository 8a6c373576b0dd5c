"""``events-extract`` end to end: every input kind, the API's answer per record, errors, resume, workers."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from service import bulk
from service.bulk import cli

from .conftest import MODEL, ROOT, SEEDS
from .corpus import make_corpus, without_timing

SEED = "putin-xi-beijing-2024-05-16"


@pytest.fixture(autouse=True)
def _shared_model(pipeline):
    """The in-process runs (--workers 1) use the session's model instead of loading their own."""
    bulk._pipelines.setdefault(MODEL, pipeline)


def write_jsonl(path: Path, records: list) -> Path:
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8"
    )
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def api_answer(client, record: dict) -> dict:
    response = client.post("/v1/extract", json=record)
    assert response.status_code == 200, response.get_json()
    return without_timing(response.get_json())


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    return make_corpus(36)


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory, corpus) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("corpus") / "corpus.jsonl", corpus)


@pytest.fixture(scope="module")
def one_worker(tmp_path_factory, corpus_file) -> list[dict]:
    out = tmp_path_factory.mktemp("one") / "out.jsonl"
    assert cli.main([str(corpus_file), "-o", str(out)]) == 0
    return read_jsonl(out)


def test_seed_folder_gives_the_api_answer(tmp_path, client, seed):
    out = tmp_path / "seed.jsonl"
    assert cli.main([str(SEEDS), "-o", str(out), "--published-at", seed["published_at"]]) == 0
    [answer] = read_jsonl(out)
    assert answer["id"] == SEED  # a .txt file's id: its path in the folder, without .txt
    assert answer["meta"]["processing_ms"] >= 0
    expected = api_answer(client, {"id": SEED, "text": seed["text"], "published_at": seed["published_at"]})
    assert without_timing(answer) == expected
    assert {e["type"] for e in answer["events"]} >= {"meeting", "visit", "statement"}
    assert {p["country"] for p in answer["places"]} >= {"CHN", "RUS"}  # the places ride along too
    assert not (tmp_path / "seed.jsonl.errors.jsonl").exists()


def test_single_text_file_and_nested_folders(tmp_path, client):
    folder = tmp_path / "articles"
    (folder / "2024" / "05").mkdir(parents=True)
    (folder / "2024" / "05" / "a.txt").write_text("Xi Jinping met Emmanuel Macron in Paris on Monday.")
    (folder / "b.txt").write_text("Antony Blinken will visit Kyiv next week.")
    (folder / "notes.md").write_text("not an article")
    single = shutil.copy(SEEDS / f"{SEED}.txt", tmp_path / "single.txt")
    out = tmp_path / "out.jsonl"
    assert cli.main([str(folder), str(single), "-o", str(out), "--published-at", "2024-05-06"]) == 0
    answers = read_jsonl(out)
    assert [a["id"] for a in answers] == ["2024/05/a", "b", "single"]
    text = (folder / "b.txt").read_text()
    assert without_timing(answers[1]) == api_answer(
        client, {"id": "b", "text": text, "published_at": "2024-05-06"}
    )


def test_generated_corpus_gives_the_api_answer_for_every_record(one_worker, corpus, client):
    assert [a["id"] for a in one_worker] == [r["id"] for r in corpus]  # input order
    for answer, record in zip(one_worker, corpus, strict=True):
        assert without_timing(answer) == api_answer(client, record)
    assert sum(len(a["events"]) for a in one_worker) >= len(corpus)


def test_non_english_text_carries_the_api_warning(tmp_path, client):
    record = {
        "id": "de",
        "text": "Der Bundeskanzler hat sich am Montag mit dem Präsidenten in Berlin getroffen, und die "
        "Gespräche waren nach seinen Worten sehr gut für die Zusammenarbeit der beiden Länder.",
        "published_at": "2024-05-06",
    }
    out = tmp_path / "out.jsonl"
    assert cli.main([str(write_jsonl(tmp_path / "in.jsonl", [record])), "-o", str(out)]) == 0
    [answer] = read_jsonl(out)
    assert any("non-English" in w for w in answer["warnings"])
    assert without_timing(answer) == api_answer(client, record)


def test_two_workers_give_the_same_results(tmp_path, corpus_file, one_worker):
    out = tmp_path / "out.jsonl"
    assert cli.main([str(corpus_file), "-o", str(out), "--workers", "2", "--chunk-size", "5"]) == 0
    assert [without_timing(a) for a in read_jsonl(out)] == [without_timing(a) for a in one_worker]


def test_bad_records_go_to_the_errors_file_and_fail_the_run(tmp_path, corpus, capsys):
    good = corpus[:3]
    lines = [
        good[0],
        {"id": "no-text", "published_at": "2024-05-16"},
        {"id": "wrong-type", "text": 42},
        "this is not JSON",
        good[1],
        {"id": "bad-date", "text": "Xi met Putin.", "published_at": "last Thursday"},
        {"id": "blank", "text": "   "},
        ["a", "list"],
        {"id": 7, "text": "An id must be a string, as in the API."},
        good[0],  # the same id again
        good[2],
    ]
    source = write_jsonl(tmp_path / "in.jsonl", lines)
    out = tmp_path / "out.jsonl"
    assert cli.main([str(source), "-o", str(out)]) == cli.EXIT_FAILED_RECORDS
    assert [a["id"] for a in read_jsonl(out)] == [r["id"] for r in good]  # the good ones all written
    errors = read_jsonl(tmp_path / "out.jsonl.errors.jsonl")
    by_line = {e["line"]: e for e in errors}
    assert sorted(by_line) == [2, 3, 4, 6, 7, 8, 9, 10]
    assert all(e["source"] == str(source) and e["reason"] for e in errors)
    assert "text" in by_line[2]["reason"]
    assert "text: Not a valid string" in by_line[3]["reason"]
    assert by_line[4]["reason"].startswith("not JSON") and by_line[4]["record"] == "this is not JSON"
    assert by_line[6]["id"] == "bad-date" and "published_at" in by_line[6]["reason"]
    assert "empty" in by_line[7]["reason"]
    assert "JSON object" in by_line[8]["reason"]
    assert "id:" in by_line[9]["reason"]
    assert by_line[10]["id"] == good[0]["id"] and "same id" in by_line[10]["reason"]
    assert "8 failed" in capsys.readouterr().err


def test_resume_skips_ids_already_written(tmp_path, corpus_file, corpus, one_worker, capsys):
    out = tmp_path / "out.jsonl"
    half = write_jsonl(tmp_path / "half.jsonl", corpus[:20])
    assert cli.main([str(half), "-o", str(out)]) == 0
    # a crash in the middle of a line: the partial line is dropped, its record done again
    with out.open("a", encoding="utf-8") as stream:
        stream.write('{"id": "doc-020", "events": [')
    capsys.readouterr()
    assert cli.main([str(corpus_file), "-o", str(out)]) == 0
    assert "16 written, 0 failed, 20 skipped" in capsys.readouterr().err
    answers = read_jsonl(out)
    assert [a["id"] for a in answers] == [r["id"] for r in corpus]
    assert [without_timing(a) for a in answers] == [without_timing(a) for a in one_worker]
    assert cli.main([str(corpus_file), "-o", str(out)]) == 0  # all done: nothing to do
    assert "0 written, 0 failed, 36 skipped" in capsys.readouterr().err
    assert len(read_jsonl(out)) == len(corpus)


def test_resume_retries_records_that_failed(tmp_path):
    source = write_jsonl(
        tmp_path / "in.jsonl", [{"id": "x", "text": "Xi met Putin.", "published_at": "soon"}]
    )
    out = tmp_path / "out.jsonl"
    assert cli.main([str(source), "-o", str(out)]) == 1
    write_jsonl(source, [{"id": "x", "text": "Xi met Putin.", "published_at": "2024-05-16"}])
    assert cli.main([str(source), "-o", str(out)]) == 0
    assert [a["id"] for a in read_jsonl(out)] == ["x"]
    assert not (tmp_path / "out.jsonl.errors.jsonl").exists()  # the errors file is this run's


def test_records_without_id_are_named_by_source_and_line(tmp_path):
    source = write_jsonl(
        tmp_path / "in.jsonl", [{"text": "Xi met Putin in Moscow."}, "", {"text": "Xi spoke."}]
    )
    out = tmp_path / "out.jsonl"
    assert cli.main([str(source), "-o", str(out), "--published-at", "2024-05-16"]) == 0
    answers = read_jsonl(out)
    assert [a["id"] for a in answers] == [f"{source}:1", f"{source}:3"]
    assert answers[0]["meta"]["published_at"] == "2024-05-16T00:00:00"  # the default, for records without


def test_stdin_through_the_console_script(tmp_path, seed):
    script = Path(sys.executable).with_name("events-extract")
    assert script.exists(), "pip install -e . declares the events-extract console script"
    text = subprocess.run(
        [script, "--published-at", "2024-05-16", "--progress"],
        input=seed["text"].encode(),
        capture_output=True,
        check=False,
    )
    assert text.returncode == 0, text.stderr.decode()
    [answer] = [json.loads(line) for line in text.stdout.decode().splitlines()]
    assert answer["id"] == "<stdin>" and answer["events"]
    bar = text.stderr.decode().split("\n")[0]  # the progress bar: its updates are \r-separated
    assert "1 docs [" in bar and "docs/s" in bar

    records = "".join(json.dumps(r) + "\n" for r in make_corpus(3)) + "{not json\n"
    jsonl = subprocess.run(
        [script, "-o", tmp_path / "out.jsonl", "--model", MODEL],
        input=records.encode(),
        capture_output=True,
        check=False,
    )
    assert jsonl.returncode == 1
    assert [a["id"] for a in read_jsonl(tmp_path / "out.jsonl")] == ["doc-000", "doc-001", "doc-002"]
    [error] = read_jsonl(tmp_path / "out.jsonl.errors.jsonl")
    assert error["source"] == "<stdin>" and error["line"] == 4


def test_ndjson_and_json_files_are_read_as_records_and_format_overrides_the_guess(tmp_path):
    record = {"id": "r", "text": "Xi Jinping met Emmanuel Macron in Paris.", "published_at": "2024-05-06"}
    for name in ("in.ndjson", "in.json"):
        out = tmp_path / f"{name}.out.jsonl"
        assert cli.main([str(write_jsonl(tmp_path / name, [record])), "-o", str(out)]) == 0
        assert [a["id"] for a in read_jsonl(out)] == ["r"]
    as_text = tmp_path / "record.jsonl"  # --format text: the whole file is one document, JSON and all
    shutil.copy(tmp_path / "in.ndjson", as_text)
    out = tmp_path / "text.out.jsonl"
    assert cli.main([str(as_text), "-o", str(out), "--format", "text"]) == 0
    [answer] = read_jsonl(out)
    assert answer["id"] == "record"
    article = tmp_path / "article.txt"  # --format jsonl: a text file read as records
    article.write_text(json.dumps(record) + "\n", encoding="utf-8")
    out = tmp_path / "jsonl.out.jsonl"
    assert cli.main([str(article), "-o", str(out), "--format", "jsonl"]) == 0
    assert [a["id"] for a in read_jsonl(out)] == ["r"]


def test_max_chars_errors_file_and_overwrite(tmp_path, capsys):
    records = [{"id": "short", "text": "Xi spoke."}, {"id": "long", "text": "Xi spoke at length. " * 5}]
    source = write_jsonl(tmp_path / "in.jsonl", records)
    out, errors = tmp_path / "out.jsonl", tmp_path / "failed.jsonl"
    assert cli.main([str(source), "-o", str(out), "--max-chars", "50", "--errors", str(errors)]) == 1
    [error] = read_jsonl(errors)
    assert error["id"] == "long" and error["line"] == 2
    assert not (tmp_path / "out.jsonl.errors.jsonl").exists()
    assert [a["id"] for a in read_jsonl(out)] == ["short"]
    assert cli.main([str(source), "-o", str(out), "--overwrite"]) == 0  # afresh: both, once each
    assert [a["id"] for a in read_jsonl(out)] == ["short", "long"]
    capsys.readouterr()
    assert cli.main([str(source), "--max-chars", "50"]) == 1  # output on stdout: errors on stderr
    captured = capsys.readouterr()
    assert [json.loads(line)["id"] for line in captured.out.splitlines()] == ["short"]
    assert '"id": "long"' in captured.err


def test_usage_errors_exit_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main([str(tmp_path / "missing.jsonl")])
    assert exit_.value.code == 2
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--published-at", "yesterday", str(SEEDS)])
    assert exit_.value.code == 2
    assert cli.main([str(SEEDS), "--model", "no_such_model_xyz", "-o", str(tmp_path / "o.jsonl")]) == 2
    assert "no_such_model_xyz" in capsys.readouterr().err


def test_importing_the_bulk_modules_loads_no_model():
    # Loading any English pipeline imports spacy.lang.en; importing these modules must not.
    probe = (
        "import sys, service.bulk.cli, service.bulk, service.render, service.spark; "
        "print('spacy.lang.en' in sys.modules, 'pyspark' in sys.modules, bool(service.bulk._pipelines),"
        " 'flask' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    # no model, no pyspark, no Flask: the command line and Spark paths stand without the web layer
    assert out.stdout.split() == ["False", "False", "False", "False"]
