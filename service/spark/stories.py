"""Stories on Spark: ``group_stories(events_df)`` groups the events of ``extract_events``' rows into the
stories the batch endpoint gives for the same documents, with DataFrame operations only.

    stories = group_stories(extract_events(articles))

Each document's events become story mentions with one blocking key (``mapInPandas``: type family and
month, ``service.stories.keys``); rows are then grouped by that key and each block merged on an executor
(``groupBy(...).applyInPandas``). No block is compared with another and nothing is collected on the driver.
Documents are named by their ``id`` (a row without one by ``#`` and a hash of its answer).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..stories import block_key, mentions_of, stories_of_block
from ..stories.keys import mention_from_json, mention_to_json
from .extract import ERROR_COLUMN

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from pyspark.sql import DataFrame

MENTIONS = "block string, mention string"
FIELDS = ("id", "type", "members", "actors", "date", "location", "first_reported", "sources")
STORIES = (
    "id string, type string, members array<struct<document: string, event: string>>, actors array<string>, "
    "date struct<value: string, granularity: string>, location string, first_reported string, sources long"
)


def _mentions(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """Each document's mentions with their block keys."""
    import json

    import pandas as pd

    for frame in frames:
        rows = [
            (block_key(m), mention_to_json(m))
            for document, answer in zip(frame["document"], frame["answer"], strict=True)
            for m in mentions_of(document, json.loads(answer))
        ]
        yield pd.DataFrame(rows, columns=["block", "mention"])


def _merge(frame: pd.DataFrame) -> pd.DataFrame:
    """One block's stories."""
    import pandas as pd

    stories = stories_of_block([mention_from_json(m) for m in frame["mention"]])
    return pd.DataFrame(stories, columns=list(FIELDS))


def group_stories(events_df: DataFrame, *, id_col: str = "id") -> DataFrame:
    """A DataFrame of story records (the batch endpoint's ``stories``) for ``extract_events``' output:
    every event of every row without an error in exactly one story."""
    from pyspark.sql import functions as F

    columns = set(events_df.columns)
    if not {"events", "meta"} <= columns:
        raise ValueError(f"group_stories takes extract_events' output (columns: {sorted(columns)})")
    rows = events_df.where(F.col("events").isNotNull())
    if ERROR_COLUMN in columns:
        rows = rows.where(F.col(ERROR_COLUMN).isNull())
    answer = F.to_json(F.struct("events", "meta"))
    fallback = F.concat(F.lit("#"), F.substring(F.sha2(answer, 256), 1, 16))
    name = F.coalesce(F.col(id_col).cast("string"), fallback) if id_col in columns else fallback
    docs = rows.select(name.alias("document"), answer.alias("answer"))
    return docs.mapInPandas(_mentions, schema=MENTIONS).groupBy("block").applyInPandas(_merge, schema=STORIES)
