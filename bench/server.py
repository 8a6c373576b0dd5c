"""Start the service the way `make run` does, and read its workers' memory from /proc.

Shared by bench.py and memory_soak.py. Linux only (/proc); psutil is not a dependency.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


def cores() -> int:
    return len(os.sched_getaffinity(0))


def machine() -> dict:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import platform

    import spacy

    load = os.getloadavg()
    return {
        "nproc": cores(),
        "cpu": model,
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "kernel": platform.release(),
        "loadavg_at_start": [round(x, 2) for x in load],
    }


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS/VmHWM (kB) of a process, and its proportional share of memory (Pss, kB) when readable."""
    out: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0])
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("Pss", "Shared_Clean", "Shared_Dirty", "Private_Clean", "Private_Dirty"):
                out[key] = int(value.split()[0])
    except (OSError, ValueError):
        pass
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (its own, not its children's)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    kids: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            continue
    return sorted(kids)


def get(port: int, path: str, timeout: float = 5.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@dataclass
class Server:
    """gunicorn -c gunicorn.conf.py 'service.web.wsgi:application()', as `make run`, on a bench port."""

    port: int
    workers: int
    extra_args: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None
    ready_s: float | None = None
    log_path: Path | None = None

    def start(self, timeout: float = 120.0) -> float:
        """Start and wait for /readyz to answer 200 from every worker; returns seconds to the first 200."""
        env = {
            **os.environ,
            "PORT": str(self.port),
            "WORKERS": str(self.workers),
            "HOST": "127.0.0.1",
            "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
            **self.env,
        }
        self.log_path = Path(f"/tmp/bench-gunicorn-{self.port}.log")
        log = self.log_path.open("wb")
        command = [
            str(GUNICORN),
            "-c",
            "gunicorn.conf.py",
            *self.extra_args,
            "service.web.wsgi:application()",
        ]
        started = time.perf_counter()
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log_path}")
            try:
                status, _ = get(self.port, "/readyz", timeout=10)
                if status == 200:
                    self.ready_s = time.perf_counter() - started
                    break
            except OSError:
                pass
            if time.perf_counter() - started > timeout:
                self.stop()
                raise RuntimeError(f"not ready after {timeout}s; see {self.log_path}")
            time.sleep(0.02)
        while len(self.worker_pids()) < self.workers and time.perf_counter() - started < timeout:
            time.sleep(0.05)
        return self.ready_s

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def worker_pids(self) -> list[int]:
        return children(self.pid)

    def cpu_seconds(self) -> float:
        """CPU seconds used so far by the master and its current workers."""
        return cpu_seconds(self.pid) + sum(cpu_seconds(pid) for pid in self.worker_pids())

    def memory(self) -> dict:
        """Per process, kB: the master and each worker (RSS, peak RSS = VmHWM, Pss)."""
        return {
            "master": proc_status(self.pid),
            "workers": {str(pid): proc_status(pid) for pid in self.worker_pids()},
        }

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def run_load(port: int, path: str, bodies_file: Path, concurrency: int, requests: int = 0) -> dict:
    """bench/load.py in its own process; returns its JSON summary."""
    command = [
        sys.executable,
        str(ROOT / "bench" / "load.py"),
        "--port",
        str(port),
        "--path",
        path,
        "--bodies",
        str(bodies_file),
        "--concurrency",
        str(concurrency),
    ]
    if requests:
        command += ["--requests", str(requests)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def write_results(out: Path, result: dict, text: str) -> None:
    """The result as JSON at ``out`` and its markdown table beside it (.md)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    out.with_suffix(".md").write_text(text, encoding="utf-8")
    print(f"wrote {out} and {out.with_suffix('.md')}")
