"""news-events: turns news text into structured events.

The package root imports nothing heavy: ``events`` is the extraction core (pure Python over a spaCy
``Doc``), ``pipeline`` loads the model, ``render`` gives the API's JSON; ``web`` is the Flask
service, ``bulk`` the command line, ``spark`` the same extraction on Spark.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("news-events")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"
