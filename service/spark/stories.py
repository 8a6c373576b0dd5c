"""Stories on Spark: ``group_stories(events_df)`` groups the events of ``extract_events``' rows into the
stories the batch endpoint gives for the same documents, with DataFrame operations only.

    stories = group_stories(extract_events(articles))

Each document's events become story mentions with one blocking key (``mapInPandas``: type family and
month, ``service.stories.keys``); rows are then grouped by that key and each block merged on an executor
(``groupBy(...).applyInPandas``), and the resulting stories grouped again by the month boundary nearest
each (``boundary_key``) and merged the same way, so that reports on both sides of a boundary meet. Only
blocks are compared, and nothing is collected on the driver.
Documents are named by their ``id`` (a row without one by ``#`` and a hash of its answer).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..stories import block_key, boundary_key, cluster, mentions_of, stories_of_boundary
from ..stories.keys import mention_from_json, mention_to_json
from .extract import ERROR_COLUMN

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from pyspark.sql import DataFrame

MENTIONS = "block string, mention string"
GROUPS = "boundary string, group string"
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


def _clusters(frame: pd.DataFrame) -> pd.DataFrame:
    """One block's first-stage stories, each with its boundary key (its mentions as a JSON list)."""
    import json

    import pandas as pd

    groups = cluster([mention_from_json(m) for m in frame["mention"]])
    rows = [(boundary_key(g), json.dumps([mention_to_json(m) for m in g])) for g in groups]
    return pd.DataFrame(rows, columns=["boundary", "group"])


def _merge(frame: pd.DataFrame) -> pd.DataFrame:
    """One boundary block's stories: the first stage's stories of both months, merged."""
    import json

    import pandas as pd

    groups = sorted(([mention_from_json(m) for m in json.loads(g)] for g in frame["group"]), key=_first)
    return pd.DataFrame(stories_of_boundary(groups), columns=list(FIELDS))


def _first(group: list) -> tuple[str, str]:
    return group[0].key


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
    mentions = docs.mapInPandas(_mentions, schema=MENTIONS)
    groups = mentions.groupBy("block").applyInPandas(_clusters, schema=GROUPS)
    return groups.groupBy("boundary").applyInPandas(_merge, schema=STORIES)
