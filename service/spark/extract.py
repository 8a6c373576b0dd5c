"""The extraction on Apache Spark: a DataFrame with a ``text`` column (and optional ``id`` and
``published_at``) in, the same DataFrame with the API's answer for each row out.

    from service.spark import extract_events
    events = extract_events(spark.read.parquet("articles/"))

The rows go through ``mapInPandas``: each executor's Python worker loads the model the first time
it is asked for (a per-process cache keyed by model name, never at import time) and keeps it for
every later batch while Spark reuses the worker; documents run through ``nlp.pipe``. The columns
added — ``events``, ``dates``, ``places``, ``warnings``, ``meta`` — have a Spark schema derived from the API's
own marshmallow ``ExtractResponseSchema``, so a row's values are the JSON ``POST /v1/extract``
answers for it. A row the API would refuse (no text, bad ``published_at``) keeps null results and
says why in ``error``; no row is dropped.

PySpark is imported inside the functions, so this module imports without it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from marshmallow import Schema, fields

from schemas import ExtractResponseSchema

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from pyspark.sql import DataFrame
    from pyspark.sql.types import DataType, StructType

RESULT_COLUMNS = ("events", "dates", "places", "warnings", "meta")
ERROR_COLUMN = "error"


def _spark_type(field: fields.Field) -> DataType:
    from pyspark.sql import types as T

    if isinstance(field, fields.Nested):
        schema = field.schema
        return schema_of(schema if isinstance(schema, Schema) else schema())
    if isinstance(field, fields.List):
        return T.ArrayType(_spark_type(field.inner), containsNull=True)
    if isinstance(field, fields.Integer):
        return T.LongType()
    if isinstance(field, fields.Float | fields.Decimal):
        return T.DoubleType()
    if isinstance(field, fields.Boolean):
        return T.BooleanType()
    if isinstance(field, fields.Dict):
        return T.MapType(T.StringType(), T.StringType())
    if isinstance(field, fields.String | fields.Raw):
        return T.StringType()
    raise TypeError(f"no Spark type for marshmallow {type(field).__name__}")  # pragma: no cover


def schema_of(schema: Schema) -> StructType:
    """A Spark StructType with the fields, names and nesting of a marshmallow schema's output."""
    from pyspark.sql import types as T

    return T.StructType(
        [
            T.StructField(field.data_key or name, _spark_type(field), nullable=True)
            for name, field in schema.dump_fields.items()
        ]
    )


def result_schema() -> StructType:
    """The columns ``extract_events`` adds: the API answer's fields but ``id``, and ``error``."""
    from pyspark.sql import types as T

    answer = schema_of(ExtractResponseSchema())
    return T.StructType(
        [answer[name] for name in RESULT_COLUMNS] + [T.StructField(ERROR_COLUMN, T.StringType(), True)]
    )


def _missing(value: object) -> bool:
    import pandas as pd

    if value is None or isinstance(value, list | dict | tuple):
        return value is None
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _published_at(value: object) -> object:
    """ISO text as the API takes it; Spark dates and timestamps (session time zone) as ISO too."""
    if _missing(value):
        return None
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, dt.date):  # datetime included
        return value.isoformat()
    return value


def _doc_id(value: object) -> object:
    if _missing(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return str(int(value))  # a numeric id column: the API's ids are strings
    return value


def _extract_batches(
    batches: Iterator[pd.DataFrame],
    *,
    model: str,
    batch_size: int,
    max_text_chars: int,
    text_col: str,
    id_col: str | None,
    published_at_col: str | None,
) -> Iterator[pd.DataFrame]:
    """In an executor's Python worker: each Arrow batch of rows, with the results added."""
    from ..bulk import BadRecord, Failure, check_record, extract_records, pipeline_for

    for frame in batches:
        n = len(frame)
        texts = frame[text_col].tolist()
        ids = frame[id_col].tolist() if id_col else [None] * n
        dates = frame[published_at_col].tolist() if published_at_col else [None] * n
        columns: dict[str, list] = {name: [None] * n for name in (*RESULT_COLUMNS, ERROR_COLUMN)}
        valid, positions = [], []
        for i in range(n):
            raw = {"text": None if _missing(texts[i]) else texts[i]}
            if (doc_id := _doc_id(ids[i])) is not None:
                raw["id"] = doc_id
            if (published_at := _published_at(dates[i])) is not None:
                raw["published_at"] = published_at
            try:
                valid.append(check_record(raw, max_text_chars=max_text_chars))
                positions.append(i)
            except BadRecord as exc:
                columns[ERROR_COLUMN][i] = str(exc)
        # the model: loaded by this worker process the first time it has a row, then cached
        results = extract_records(pipeline_for(model), valid, batch_size) if valid else []
        for i, result in zip(positions, results, strict=True):
            if isinstance(result, Failure):
                columns[ERROR_COLUMN][i] = result.reason
                continue
            for name in RESULT_COLUMNS:
                columns[name][i] = result[name]
        out = frame.copy()
        for name, values in columns.items():
            out[name] = values
        yield out


def extract_events(
    df: DataFrame,
    *,
    model: str | None = None,
    batch_size: int | None = None,
    max_text_chars: int | None = None,
    text_col: str = "text",
    id_col: str = "id",
    published_at_col: str = "published_at",
) -> DataFrame:
    """``df`` with ``events``, ``dates``, ``places``, ``warnings``, ``meta`` (the API's answer) and ``error``.

    ``id`` and ``published_at`` are optional columns; ``published_at`` may be ISO text (exactly as
    the API takes it), a date, or a timestamp (read in the session time zone)."""
    from functools import partial

    from pyspark.sql import types as T

    from ..config import Settings

    settings = Settings.from_env()
    columns = set(df.columns)
    if text_col not in columns:
        raise ValueError(f"the DataFrame has no {text_col!r} column (columns: {sorted(columns)})")
    clash = columns & {*RESULT_COLUMNS, ERROR_COLUMN}
    if clash:
        raise ValueError(f"the DataFrame already has result column(s) {sorted(clash)}; drop or rename them")
    added = result_schema()
    out_schema = T.StructType([*df.schema.fields, *added.fields])
    work = partial(
        _extract_batches,
        model=model or settings.spacy_model,
        batch_size=batch_size or settings.batch_size,
        max_text_chars=max_text_chars or settings.max_text_chars,
        text_col=text_col,
        id_col=id_col if id_col in columns else None,
        published_at_col=published_at_col if published_at_col in columns else None,
    )
    return df.mapInPandas(work, schema=out_schema)


def to_answer(row) -> dict | None:
    """A result row back as the API's JSON dict (None for a row that failed)."""
    data = row.asDict(recursive=True)
    if data.get(ERROR_COLUMN) is not None:
        return None
    return {"id": data.get("id"), **{name: data[name] for name in RESULT_COLUMNS}}
