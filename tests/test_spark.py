"""The Spark path in local mode (``local[2]``): the same answers as the single-machine path.

PySpark (the ``spark`` extra, which ``make test`` installs) and Java 17+ are required: these tests
fail rather than skip without them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from pyspark.sql import types as T

from service import spark as events_spark
from service.bulk import check_record, extract_records
from service.spark import job as spark_job

from .corpus import make_corpus, without_timing

INPUT = T.StructType([T.StructField(name, T.StringType()) for name in ("id", "text", "published_at")])


@pytest.fixture(scope="session")
def spark():
    os.environ["PYSPARK_PYTHON"] = sys.executable  # the executors' Python: this venv's
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = events_spark.local_session(
        "news-events-tests", "local[2]", **{"spark.sql.shuffle.partitions": "2", "spark.driver.memory": "1g"}
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def documents(seed) -> list[dict]:
    return [{"id": "seed", "text": seed["text"], "published_at": seed["published_at"]}, *make_corpus(24)]


def single_machine(pipeline, documents: list[dict]) -> dict[str, dict]:
    records = [check_record(d, max_text_chars=200_000) for d in documents]
    return {a["id"]: without_timing(a) for a in extract_records(pipeline, records, batch_size=16)}


def test_spark_gives_the_single_machine_answers(spark, pipeline, documents):
    df = spark.createDataFrame([(d["id"], d["text"], d["published_at"]) for d in documents], INPUT)
    rows = events_spark.extract_events(df.repartition(2)).collect()
    assert sorted(r["id"] for r in rows) == sorted(d["id"] for d in documents)
    assert all(r["error"] is None for r in rows)
    answers = {r["id"]: events_spark.to_answer(r) for r in rows}
    assert all(a["meta"]["processing_ms"] >= 0 for a in answers.values())
    expected = single_machine(pipeline, documents)
    assert {k: without_timing(v) for k, v in answers.items()} == expected
    assert {e["type"] for e in answers["seed"]["events"]} >= {"meeting", "visit", "statement"}


def test_bad_rows_are_kept_with_their_error(spark):
    rows = [
        ("ok", "Xi Jinping met Emmanuel Macron in Paris on Monday.", "2024-05-06"),
        ("no-text", None, "2024-05-06"),
        ("bad-date", "Xi met Putin.", "last Thursday"),
        ("blank", "  ", None),
    ]
    result = {r["id"]: r for r in events_spark.extract_events(spark.createDataFrame(rows, INPUT)).collect()}
    assert result["ok"]["error"] is None and result["ok"]["events"]
    assert "text" in result["no-text"]["error"] and result["no-text"]["events"] is None
    assert "published_at" in result["bad-date"]["error"]
    assert "empty" in result["blank"]["error"]


def test_optional_columns_and_typed_published_at(spark, pipeline):
    text = "President Vladimir Putin met Xi Jinping in Beijing on Thursday."
    schema = T.StructType(
        [
            T.StructField("text", T.StringType()),
            T.StructField("published_at", T.DateType()),
            T.StructField("source", T.StringType()),  # other columns ride along
        ]
    )
    df = spark.createDataFrame([(text, dt.date(2024, 5, 16), "wire")], schema)
    [row] = events_spark.extract_events(df).collect()
    assert row["source"] == "wire" and row["error"] is None
    [expected] = single_machine(pipeline, [{"text": text, "published_at": "2024-05-16"}]).values()
    assert without_timing(events_spark.to_answer(row)) == expected
    [row] = events_spark.extract_events(spark.createDataFrame([(text,)], ["text"])).collect()
    assert row["meta"]["published_at"] is None and row["events"]


def test_result_schema_is_the_api_schema(spark):
    schema = events_spark.result_schema()
    assert schema.fieldNames() == ["events", "dates", "places", "warnings", "meta", "error"]
    assert schema["places"].dataType.elementType["lat"].dataType == T.DoubleType()
    event = schema["events"].dataType.elementType
    assert {"trigger", "actors", "date", "location", "modality", "mentions", "confidence"} <= set(
        event.fieldNames()
    )
    assert event["actors"].dataType.elementType["start"].dataType == T.LongType()
    assert event["confidence"].dataType == T.DoubleType()
    with pytest.raises(ValueError, match="result column"):
        events_spark.extract_events(spark.createDataFrame([("x", "[]")], ["text", "events"]))


def test_the_job_reads_jsonl_and_writes_parquet_and_jsonl(spark, tmp_path, seed):
    records = [{"id": "seed", "text": seed["text"], "published_at": seed["published_at"], "gold": [1]}]
    records.append({"id": "bad", "published_at": "2024-05-16"})
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert spark_job.run([str(source), str(tmp_path / "parquet")]) == 1  # a bad row: exit 1
    written = {r["id"]: r for r in spark.read.parquet(str(tmp_path / "parquet")).collect()}
    assert written["seed"]["events"] and written["bad"]["error"]
    assert "gold" not in spark.read.parquet(str(tmp_path / "parquet")).columns
    source.write_text(json.dumps(records[0]) + "\n", encoding="utf-8")
    assert spark_job.run([str(source), str(tmp_path / "json"), "--output-format", "json"]) == 0
    [line] = [
        json.loads(line)
        for part in sorted((tmp_path / "json").glob("part-*.json"))
        for line in part.read_text(encoding="utf-8").splitlines()
    ]
    event = line["events"][0]
    assert "location" in event and "modality_cue" in event  # nulls written, as the API answers them


def test_the_job_takes_numbers_as_their_string_form_reports_its_counts_and_overwrites(
    spark, tmp_path, capsys
):
    from pyspark.errors import AnalysisException

    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": 7, "text": 2024, "published_at": "2024-05-16"}) + "\n", encoding="utf-8"
    )
    out = str(tmp_path / "out")
    assert spark_job.run([str(source), out, "--partitions", "1"]) == 0
    err = capsys.readouterr().err
    assert "1 rows written" in err and "0 with an error" in err
    [row] = spark.read.parquet(out).collect()
    assert (row["id"], row["text"], row["error"]) == ("7", "2024", None)  # their decimal strings
    with pytest.raises(AnalysisException):  # an existing output is kept without --overwrite
        spark_job.run([str(source), out])
    assert spark_job.run([str(source), out, "--overwrite"]) == 0


def test_the_local_session_stays_on_loopback(spark):
    conf = spark.sparkContext.getConf()
    assert conf.get("spark.driver.host") == "127.0.0.1"
    assert conf.get("spark.driver.bindAddress") == "127.0.0.1"
    assert os.environ["SPARK_LOCAL_IP"] == "127.0.0.1"


@pytest.mark.parametrize(
    ("master", "local"),
    [
        (None, True),
        ("local", True),
        ("local[2]", True),
        ("local[*]", True),
        ("local[2,3]", True),
        ("spark://cluster:7077", False),
        ("yarn", False),
        ("k8s://https://k8s:443", False),
    ],
)
def test_only_a_local_master_is_pinned_to_loopback(monkeypatch, master, local):
    monkeypatch.delenv("SPARK_LOCAL_IP", raising=False)
    conf = events_spark.loopback_conf(master)
    assert conf == (
        {"spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1"} if local else {}
    )
    assert os.environ.get("SPARK_LOCAL_IP") == ("127.0.0.1" if local else None)


def test_a_local_job_logs_no_interface_but_loopback(tmp_path, seed):
    # spark-submit's own JVM: the warning "resolves to a loopback address ... using <ip> instead" is
    # printed when Spark picks a network interface; a local job must never need to.
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": seed["text"], "published_at": "2024-05-16"}) + "\n")
    env = {k: v for k, v in os.environ.items() if k != "SPARK_LOCAL_IP"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "service.spark.job",
            str(source),
            str(tmp_path / "out"),
            "--output-format",
            "json",
        ],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "resolves to a loopback address" not in done.stderr
    assert "1 rows written" in done.stderr


def test_group_stories_gives_the_batch_endpoints_stories(spark, client, documents):
    from .test_stories_api import DOCUMENTS

    written = [dict(d, id=d.get("id", "remark")) for d in DOCUMENTS]
    batch = [*written, *documents[:4]]  # the test settings admit 8 documents in a batch
    response = client.post("/v1/extract/batch", json={"documents": batch, "stories": True})
    assert response.status_code == 200, response.get_json()
    expected = sorted(response.get_json()["stories"], key=lambda s: s["id"])
    rows = [(d["id"], d["text"], d["published_at"]) for d in batch]
    articles = spark.createDataFrame(rows, INPUT).repartition(3)
    stories = events_spark.group_stories(events_spark.extract_events(articles))
    got = sorted((row.asDict(recursive=True) for row in stories.collect()), key=lambda s: s["id"])
    assert got == expected
    assert any(s["sources"] > 1 for s in got)


def test_group_stories_needs_extract_events_output(spark):
    df = spark.createDataFrame([("a", "text", None)], INPUT)
    with pytest.raises(ValueError, match="extract_events"):
        events_spark.group_stories(df)
