"""gunicorn settings for `make run`: the model is loaded once in the master and shared by the forked workers.

Performance choices, measured by `make bench` (README, "Performance"):
- workers = cores: spaCy's parse holds the GIL, so one process per core is the unit of parallelism.
  Each worker is threaded for slow clients (service/web/server.py) but runs one extraction at a time
  (service/web/admission.py); WORKER_CLASS=sync starts sync workers to compare.
- preload_app: the model is loaded and warmed up in the master, then gc.freeze() moves every object
  that exists at fork time into the permanent generation, so the workers' garbage collector never
  touches (and so never copies) the pages the model lives on.
- max_requests: a backstop only; memory stays flat through nlp.memory_zone() (`make soak`).
- hold_freed_memory(): fixed malloc thresholds, so a worker reuses what a batch freed.
"""

import gc
import multiprocessing
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WORKERS") or multiprocessing.cpu_count())
# gthread with read/send deadlines and problem+json protocol errors (service/web/server.py): a slow
# client holds a thread, not the process; the CPU work is one extraction at a time per worker
# (service/web/admission.py). WORKER_CLASS=sync remains for comparison.
worker_class = os.environ.get("WORKER_CLASS", "service.web.server.Worker")
threads = int(os.environ.get("THREADS", "32"))
preload_app = True  # copy-on-write: workers share the loaded spaCy model
timeout = int(os.environ.get("EVENTS_WORKER_TIMEOUT_S", "120"))
graceful_timeout = 30  # on SIGTERM, in-flight requests get this long to finish
# A backstop only: nlp.memory_zone() and memory.py keep a worker flat (README, "Performance": +0.05 %
# RSS over 20,000 requests of invented words). With preload a fresh worker is a cheap fork.
max_requests = 20_000
max_requests_jitter = 2_000

# --- hardening (issue 6): time limits, graceful shutdown, JSON logs, metrics, no server version ---
import atexit  # noqa: E402
import glob  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

import gunicorn.http.wsgi  # noqa: E402

# prometheus_client multiprocess mode: every worker writes its samples into this directory, /metrics
# adds them up. It must be set before prometheus_client is imported: before the app is preloaded,
# and before anything from service/ is imported here. A directory of our own is created (and
# removed at exit); a given one is wiped of old samples, as prometheus_client asks. Only once per
# master: a reload (SIGHUP) reads this file again and must not wipe the live workers' samples.
if not os.environ.get("NEWS_EVENTS_METRICS_SET_UP"):
    os.environ["NEWS_EVENTS_METRICS_SET_UP"] = "1"
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)
        for _stale in glob.glob(os.path.join(os.environ["PROMETHEUS_MULTIPROC_DIR"], "*.db")):
            os.remove(_stale)
    else:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="news-events-metrics-")
        _own_dir, _master = os.environ["PROMETHEUS_MULTIPROC_DIR"], os.getpid()
        atexit.register(lambda: os.getpid() == _master and shutil.rmtree(_own_dir, ignore_errors=True))

from service.memory import hold_freed_memory  # noqa: E402
from service.web.logs import config_dict  # noqa: E402

# Workers keep the memory a batch freed for the next one instead of faulting it in again: 6 % less
# CPU on batches (service/memory.py). HOLD_FREED_MEMORY=0 leaves glibc's adaptive defaults.
if os.environ.get("HOLD_FREED_MEMORY", "1") != "0":
    hold_freed_memory()

# Threaded workers: glibc gives threads their own malloc arenas (up to 8 per core), and what one
# arena freed is not reused by another, so a worker's RSS climbed with each thread that ran a long
# text (330, 389, 458 MB over four 200,000-character texts). The admission gate runs one extraction
# at a time per worker, so one arena loses nothing: M_ARENA_MAX = 1.
try:
    import ctypes

    ctypes.CDLL(None).mallopt(-8, 1)  # M_ARENA_MAX (glibc); elsewhere nothing happens
except (OSError, AttributeError):
    pass

# The app stops a request at EVENTS_REQUEST_TIMEOUT_S (503; with sync workers, whose requests run
# in the main thread: the limit uses SIGALRM); gunicorn's own limits above are raised over it, so a
# worker is only killed when truly stuck and on SIGTERM an in-flight request may use its whole time.
_request_timeout = float(os.environ.get("EVENTS_REQUEST_TIMEOUT_S") or 60)
timeout = max(timeout, int(_request_timeout) + 30)
graceful_timeout = max(graceful_timeout, int(_request_timeout) + 10)

# JSON lines on stderr for gunicorn and the app; the app writes the access log itself (with the
# request id and without the article text), so gunicorn's own access log stays off.
logconfig_dict = config_dict(os.environ.get("LOG_LEVEL", "INFO").upper())
accesslog = None

logger_class = "service.web.server.Logger"  # without gunicorn's access log (it logs queries and headers)
# No control socket: its default is one path per user ($HOME/.gunicorn/gunicorn.ctl), which a second
# server on the machine would take over, and delete when it stops.
control_socket_disable = True
# A kept-alive connection with no new request is closed after EVENTS_IDLE_TIMEOUT_S.
keepalive = max(1, round(float(os.environ.get("EVENTS_IDLE_TIMEOUT_S") or 5)))  # whole seconds

# "Server: gunicorn" names the software; answer with the service's name instead.
gunicorn.http.wsgi.SERVER = "news-events"


def child_exit(server, worker):
    """A dead worker's live gauges are dropped; its counters stay in the sums."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def pre_fork(server, worker):
    """In the master, before each fork: keep the preloaded model's pages shared."""
    gc.collect()
    gc.freeze()
