"""gunicorn settings for `make run`: the model is loaded once in the master and shared by the forked workers."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WORKERS") or multiprocessing.cpu_count())
preload_app = True  # copy-on-write: workers share the loaded spaCy model
timeout = int(os.environ.get("EVENTS_WORKER_TIMEOUT_S", "120"))
graceful_timeout = 30  # on SIGTERM, in-flight requests get this long to finish
max_requests = 50_000  # a backstop only; memory stays flat through nlp.memory_zone()
max_requests_jitter = 5_000
