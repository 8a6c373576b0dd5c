"""gunicorn settings for `make run`: the model is loaded once in the master and shared by the forked workers.

Performance choices, measured by `make bench` (README, "Performance"):
- workers = cores, sync worker class: spaCy's parse holds the GIL, so one process per core is the
  unit of parallelism; gthread threads were measured against it (WORKER_CLASS/THREADS to try again).
- preload_app: the model is loaded and warmed up in the master, then gc.freeze() moves every object
  that exists at fork time into the permanent generation, so the workers' garbage collector never
  touches (and so never copies) the pages the model lives on.
- max_requests: a backstop only; memory stays flat through nlp.memory_zone() (`make soak`).
"""

import gc
import multiprocessing
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WORKERS") or multiprocessing.cpu_count())
worker_class = os.environ.get("WORKER_CLASS", "sync")
threads = int(os.environ.get("THREADS", "1"))
preload_app = True  # copy-on-write: workers share the loaded spaCy model
timeout = int(os.environ.get("EVENTS_WORKER_TIMEOUT_S", "120"))
graceful_timeout = 30  # on SIGTERM, in-flight requests get this long to finish
max_requests = 50_000  # a backstop only; memory stays flat through nlp.memory_zone()
max_requests_jitter = 5_000


def pre_fork(server, worker):
    """In the master, before each fork: keep the preloaded model's pages shared."""
    gc.collect()
    gc.freeze()
