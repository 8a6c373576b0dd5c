"""Bulk extraction on Apache Spark (the ``spark`` extra); PySpark is imported inside the functions.

``extract_events`` adds the API's answer to each row of a DataFrame (``extract``); ``group_stories``
groups those events into stories (``stories``); ``job`` runs it
over files (``spark-submit service/spark/job.py``); ``session`` keeps local runs on loopback.
"""

from .extract import ERROR_COLUMN, RESULT_COLUMNS, extract_events, result_schema, to_answer
from .session import local_session, loopback_conf
from .stories import group_stories

__all__ = [
    "ERROR_COLUMN",
    "RESULT_COLUMNS",
    "extract_events",
    "group_stories",
    "local_session",
    "loopback_conf",
    "result_schema",
    "to_answer",
]
