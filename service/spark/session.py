"""Spark sessions for local runs that stay on the loopback interface.

A ``local[...]`` master runs the driver, the executors and their Python workers on this machine, so
nothing has to listen on, or talk over, a network interface. Spark's default is to bind the driver
to the host name's address, and when that resolves to loopback it picks the first external
interface instead: local traffic then leaves 127.0.0.0/8. ``loopback_conf`` pins the driver's
host and bind address to 127.0.0.1 (and ``SPARK_LOCAL_IP``, read by every component Spark starts)
for a local master only: a cluster master keeps the user's own settings.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import SparkSession

LOOPBACK = "127.0.0.1"
LOOPBACK_CONF = {"spark.driver.host": LOOPBACK, "spark.driver.bindAddress": LOOPBACK}


def is_local(master: str | None) -> bool:
    """``local``, ``local[2]``, ``local[*]``, ``local[2,3]`` (and no master at all, Spark's default)."""
    return master is None or master == "local" or master.startswith("local[")


def loopback_conf(master: str | None) -> dict[str, str]:
    """The settings a session with ``master`` needs to stay on loopback: none for a cluster master.
    Sets ``SPARK_LOCAL_IP`` in this process's environment for a local one, before the JVM starts."""
    if not is_local(master):
        return {}
    os.environ["SPARK_LOCAL_IP"] = LOOPBACK
    return dict(LOOPBACK_CONF)


def local_session(app_name: str, master: str = "local[2]", **conf: str) -> SparkSession:
    """A quiet local session on loopback (tests, benchmarks): no UI, no progress bar, UTC."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.master(master).appName(app_name)
    settings = {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.session.timeZone": "UTC",
        **loopback_conf(master),
        **conf,
    }
    for key, value in settings.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()
