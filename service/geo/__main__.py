"""``python -m service.geo [PATH]``: build the gazetteer index (at ``PATH``, default ``default_path()``)."""

import sys
from pathlib import Path

from .index import build, default_path

target = Path(sys.argv[1]) if len(sys.argv) > 1 else default_path()
build(target)
print(target)
