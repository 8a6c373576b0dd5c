"""The extraction as a Spark job: JSONL or Parquet in, Parquet (default) or JSONL out.

    spark-submit --master 'local[2]' service/spark/job.py articles.jsonl events/
    python -m service.spark.job articles.jsonl events/ --output-format json

A local master (``local[...]``, or none: ``python -m``) stays on loopback (``session.loopback_conf``);
a cluster master keeps the user's settings. Exits 1 when any row has an error.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from service.spark.extract import ERROR_COLUMN, extract_events
from service.spark.session import loopback_conf

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import DataFrame, SparkSession


def _read(spark: SparkSession, path: str, fmt: str) -> DataFrame:
    from pyspark.sql import types as T

    if fmt == "auto":
        fmt = "json" if path.rstrip("/").lower().endswith((".jsonl", ".json", ".ndjson")) else "parquet"
    if fmt == "json":
        fields_ = ("id", "text", "published_at")  # only these: a corpus may carry gold columns along
        schema = T.StructType([T.StructField(name, T.StringType(), True) for name in fields_])
        return spark.read.schema(schema).json(path)
    df = spark.read.parquet(path)
    return df.select(*[name for name in ("id", "text", "published_at") if name in df.columns])


def run(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="service.spark.job",
        description="Extract events from a corpus with Spark (JSONL or Parquet in and out).",
    )
    parser.add_argument("input", help="JSONL file(s)/folder (.jsonl, .json) or Parquet")
    parser.add_argument("output", help="output folder")
    parser.add_argument("--input-format", choices=("auto", "json", "parquet"), default="auto")
    parser.add_argument("--output-format", choices=("parquet", "json"), default="parquet")
    parser.add_argument("--model", help="spaCy pipeline (default: EVENTS_SPACY_MODEL)")
    parser.add_argument("--partitions", type=int, help="repartition the input into this many partitions")
    parser.add_argument("--overwrite", action="store_true", help="replace the output folder")
    args = parser.parse_args(argv)

    from pyspark import SparkConf
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # local mode: workers use this interpreter
    ours = SparkSession.getActiveSession() is None  # stop only a session this job started
    builder = SparkSession.builder.appName("news-events-extract")
    # spark-submit passes --master as spark.master; `python -m` leaves it unset (local[*])
    master = SparkConf().get("spark.master", None)
    for key, value in loopback_conf(master).items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    if ours:
        spark.sparkContext.setLogLevel("WARN")
    try:
        df = _read(spark, args.input, args.input_format)
        if args.partitions:
            df = df.repartition(args.partitions)
        result = extract_events(df, model=args.model)
        writer = result.write.mode("overwrite" if args.overwrite else "errorifexists")
        if args.output_format == "json":
            writer = writer.option("ignoreNullFields", "false")  # nulls kept, as the API answers them
        writer.format(args.output_format).save(args.output)
        written = spark.read.format(args.output_format).load(args.output)
        total = written.count()
        failed = written.filter(F.col(ERROR_COLUMN).isNotNull()).count()
    finally:
        if ours:
            spark.stop()
    print(
        f"service.spark.job: {total} rows written to {args.output}, {failed} with an error", file=sys.stderr
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(run())
