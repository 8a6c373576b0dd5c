"""README claims that name the code: the settings table, gunicorn's defaults, the make targets, the layout.

Each test reads README.md and checks one kind of claim against what the code does, so a setting,
target or module renamed on one side only fails here."""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from service.config import Settings

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The text of one ``## title`` section of the README."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", README + "\n## ", flags=re.S | re.M)
    assert match, f"README has no section {title!r}"
    return match.group(1)


def settings_table() -> dict[str, str]:
    """``{variable: default}`` of the README's settings table."""
    rows = re.findall(r"^\| `([A-Z_]+)`(?:, `([A-Z_]+)`)? \| ([^|]*) \|", section("Settings"), flags=re.M)
    table = {}
    for name, second, default in rows:
        table[name] = default.strip()
        if second:
            table[second] = default.strip()
    return table


def test_the_settings_table_is_read():
    table = settings_table()
    assert {"EVENTS_MAX_BODY_BYTES", "THREADS", "PORT", "WORKERS", "LOG_LEVEL"} <= set(table)


def _readme_default(text: str):
    return () if text.startswith("(none") else text.strip("`")


CONFIG = (ROOT / "service/config.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("variable", sorted(v for v in settings_table() if f'"{v}"' in CONFIG))
def test_each_events_variable_sets_one_setting_whose_default_is_the_readmes(monkeypatch, variable):
    defaults = Settings()
    monkeypatch.setenv(variable, "7")  # unlike every default, and valid for every kind of setting
    read = Settings.from_env()
    changed = [f.name for f in fields(Settings) if getattr(read, f.name) != getattr(defaults, f.name)]
    assert len(changed) == 1, f"{variable} sets {changed}, not one setting"
    default = getattr(defaults, changed[0])
    readme = _readme_default(settings_table()[variable])
    assert default == (readme if isinstance(default, str | tuple) else type(default)(readme)), (
        f"{variable}: README says {readme!r}, the code's default is {default!r}"
    )


def variables_read() -> set[str]:
    """The environment variables the service and gunicorn.conf.py read (not the WSGI environ's)."""
    sources = [ROOT / "gunicorn.conf.py", *(ROOT / "service").rglob("*.py")]
    pattern = r"(?:environ(?:\.get\(|\[)|_env_\w+\()['\"]([A-Z_]+)['\"]"
    read = {name for path in sources for name in re.findall(pattern, path.read_text(encoding="utf-8"))}
    internal = {"CONTENT_LENGTH", "NEWS_EVENTS_METRICS_SET_UP", "SPARK_LOCAL_IP", "XDG_CACHE_HOME"}
    return {name for name in read - internal if not name.startswith("HTTP_")}  # HTTP_*: a request's header


def test_every_variable_in_the_table_is_read_by_the_code():
    read = variables_read()
    assert {"EVENTS_MAX_TEXT_CHARS", "THREADS", "EVENTS_GEO_INDEX"} <= read
    assert set(settings_table()) <= read, set(settings_table()) - read


def test_every_variable_the_code_reads_is_in_the_table():
    missing = variables_read() - set(settings_table())
    assert not missing, missing


def test_a_setting_that_is_not_a_number_stops_start_up_with_its_name(monkeypatch):
    monkeypatch.setenv("EVENTS_MAX_TEXT_CHARS", "lots")
    with pytest.raises(SystemExit, match="EVENTS_MAX_TEXT_CHARS"):
        Settings.from_env()
    monkeypatch.setenv("EVENTS_MAX_TEXT_CHARS", "")  # empty: the default
    monkeypatch.setenv("EVENTS_REQUEST_TIMEOUT_S", "-1")
    with pytest.raises(SystemExit, match="EVENTS_REQUEST_TIMEOUT_S"):
        Settings.from_env()


# gunicorn.conf.py read as gunicorn reads it, in a child (it sets process-wide malloc options).
READ_CONF = """
import json, os, runpy
conf = runpy.run_path("gunicorn.conf.py")
keys = ("bind", "workers", "threads", "keepalive", "timeout", "graceful_timeout", "worker_class",
        "preload_app", "max_requests", "max_requests_jitter")
read = {key: conf[key] for key in keys}
read["log_level"] = conf["logconfig_dict"]["root"]["level"]
read["metrics"] = os.environ["PROMETHEUS_MULTIPROC_DIR"]
print(json.dumps(read))
"""
CONF_VARIABLES = ("HOST", "PORT", "WORKERS", "THREADS", "WORKER_CLASS", "LOG_LEVEL", "HOLD_FREED_MEMORY")


def gunicorn_conf(**env: str) -> dict:
    environ = {k: v for k, v in os.environ.items() if k not in CONF_VARIABLES and not k.startswith("EVENTS_")}
    environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
    environ.pop("NEWS_EVENTS_METRICS_SET_UP", None)
    out = subprocess.run(
        [sys.executable, "-c", READ_CONF],
        cwd=ROOT,
        env=environ | env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.splitlines()[-1])


def test_gunicorn_serves_with_the_readmes_defaults_and_variables():
    table = settings_table()
    conf = gunicorn_conf()
    assert conf["bind"].endswith(":" + table["PORT"].split(",")[0])  # "8000, cores"
    assert conf["workers"] == os.cpu_count()
    assert conf["threads"] == int(table["THREADS"])
    assert conf["keepalive"] == int(table["EVENTS_IDLE_TIMEOUT_S"])
    assert conf["worker_class"] == "service.web.server.Worker"  # gthread with deadlines
    assert conf["log_level"] == table["LOG_LEVEL"]
    assert conf["preload_app"]  # the model loaded once, in the master
    assert (conf["max_requests"], conf["max_requests_jitter"]) == (20_000, 2_000)
    assert conf["metrics"]  # a temporary directory of its own
    # gunicorn's own kill timeout and graceful timeout stay above the request limit
    assert conf["timeout"] > int(table["EVENTS_REQUEST_TIMEOUT_S"])
    assert conf["graceful_timeout"] >= int(table["EVENTS_REQUEST_TIMEOUT_S"]) + 10
    given = gunicorn_conf(
        PORT="8301", WORKERS="3", THREADS="4", EVENTS_REQUEST_TIMEOUT_S="200", WORKER_CLASS="sync"
    )
    assert given["bind"].endswith(":8301") and given["workers"] == 3 and given["threads"] == 4
    assert given["worker_class"] == "sync"
    assert given["timeout"] > 200 and given["graceful_timeout"] >= 210


# After gunicorn.conf.py, as in a worker: how much of 100 freed blocks of 1 MB goes back to the kernel.
FREED_AFTER_CONF = """
import runpy
runpy.run_path("gunicorn.conf.py")
def rss():
    return int(open("/proc/self/statm").read().split()[1]) * 4096
blocks = [bytearray(2**20) for _ in range(100)]
before = rss()
del blocks
print((before - rss()) // 2**20)
"""


def test_hold_freed_memory_is_on_by_default_and_0_turns_it_off():
    """Settings table, ``HOLD_FREED_MEMORY``: gunicorn.conf.py fixes glibc's malloc thresholds unless
    it is 0 ("Performance": freed memory is held)."""
    if not Path("/proc/self/statm").exists() or platform.libc_ver()[0] != "glibc":
        pytest.skip("needs /proc and glibc")

    def given_back_mb(**env: str) -> int:
        environ = {k: v for k, v in os.environ.items() if k not in CONF_VARIABLES}
        environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
        out = subprocess.run([sys.executable, "-c", FREED_AFTER_CONF], cwd=ROOT, env=environ | env,
                             capture_output=True, text=True, check=True)  # fmt: skip
        return int(out.stdout.split()[-1])

    assert settings_table()["HOLD_FREED_MEMORY"] == "1"
    assert given_back_mb() < 10 and given_back_mb(HOLD_FREED_MEMORY="1") < 10
    assert given_back_mb(HOLD_FREED_MEMORY="0") >= 90


def test_gunicorn_limits_are_the_ones_the_errors_table_names():
    from gunicorn.config import Config

    defaults = Config()  # gunicorn.conf.py leaves them at gunicorn's defaults
    conf = (ROOT / "gunicorn.conf.py").read_text(encoding="utf-8")
    assert "limit_request" not in conf
    errors = section("Errors")
    assert f"request line over {defaults.limit_request_line:,} bytes" in errors
    assert f"a header over {defaults.limit_request_field_size:,} bytes" in errors
    assert f"more than {defaults.limit_request_fields} headers" in errors


def test_a_given_metrics_directory_is_wiped_of_old_samples(tmp_path):
    (tmp_path / "counter_1234.db").write_bytes(b"stale")
    assert gunicorn_conf(PROMETHEUS_MULTIPROC_DIR=str(tmp_path), LOG_LEVEL="debug")["log_level"] == "DEBUG"
    assert not list(tmp_path.glob("*.db"))


def test_every_make_target_the_readme_names_exists():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, flags=re.M))
    named = set(re.findall(r"`make ([a-z][a-z-]*)", README)) | set(
        re.findall(r"^make ([a-z-]+)", README, re.M)
    )
    assert {"run", "test", "bench", "soak", "quality"} <= named
    assert named <= targets, named - targets
    listed = subprocess.run(
        ["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    listed_targets = {line.split()[0] for line in listed.splitlines()}
    assert named <= listed_targets  # each with what it does
    assert targets <= listed_targets, targets - listed_targets  # make help lists every target


def layout() -> str:
    match = re.search(r"^## Layout\n\n```\n(.*?)```", README, flags=re.S | re.M)
    assert match
    return match.group(1)


def tracked(*roots: str) -> list[str]:
    out = subprocess.run(["git", "ls-files", *roots], cwd=ROOT, capture_output=True, text=True, check=True)
    return out.stdout.split()


def test_every_file_the_layout_names_exists():
    names = set(re.findall(r"[\w/.-]+\.(?:py|jsonl|png)\b", layout()))
    assert len(names) > 30
    files = tracked()
    missing = {name for name in names if not any(f == name or f.endswith("/" + name) for f in files)}
    assert not missing, missing


def test_every_module_is_named_in_the_layout():
    text = layout()
    modules = [
        f for f in tracked("service", "bench", "tools") if f.endswith(".py") and not f.endswith("__init__.py")
    ]
    unnamed = [m for m in modules if not re.search(rf"(?<![\w.]){re.escape(m.rsplit('/', 1)[1])}", text)]
    assert not unnamed, unnamed


def test_every_entry_at_the_top_of_the_tree_is_in_the_layout():
    text = layout()
    top = {f.split("/", 1)[0] for f in tracked()} - {"README.md", ".gitignore"}
    unnamed = {name for name in top if not re.search(rf"(?<![\w.]){re.escape(name)}", text)}
    assert not unnamed, unnamed


def test_the_bench_flags_the_readme_names_exist():
    named = re.findall(r"bench/(\w+\.py) ((?:--[\w-]+[^`\n]*?)+)(?:`|\s{2}|$)", README, flags=re.M)
    assert len(named) >= 4
    for script, flags in named:
        source = (ROOT / "bench" / script).read_text(encoding="utf-8")
        for flag in re.findall(r"--[\w-]+", flags):
            assert f'"{flag}"' in source, f"bench/{script} has no {flag}"


def test_the_soak_drives_only_a_loopback_server():
    refused = subprocess.run(
        [sys.executable, "bench/soak.py", "--url", "http://192.0.2.1:8000", "--duration", "1"],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert refused.returncode != 0 and "loopback" in refused.stderr, refused.stderr[-500:]


def _agrees(shown, real) -> bool:
    """Every field the README shows has the real answer's value ("..." stands for the rest)."""
    if isinstance(shown, dict):
        return all(k == "..." or (k in real and _agrees(v, real[k])) for k, v in shown.items())
    if isinstance(shown, list):
        items = [item for item in shown if item != "..."]
        return len(real) >= len(items) and all(_agrees(s, r) for s, r in zip(items, real, strict=False))
    return shown == real


def test_the_event_shown_in_try_it_is_what_the_service_answers(client):
    try_it = section("Try it")
    request = json.loads(re.search(r"/v1/extract -H '[^']*' -d '(\{.*?\})'", try_it).group(1))
    shown = json.loads(re.search(r"```json\n(.*?)```", try_it, flags=re.S).group(1))
    answer = client.post("/v1/extract", json=request).get_json()
    [event] = [e for e in answer["events"] if e["id"] == shown["id"]]
    assert _agrees(shown, event), (shown, event)


# Rows that are data, not rules, keyed by something else than an id: points by their GeoNames id (the
# answer's geonames_id), abbreviations by their region, word tables by table and word.
DATA_KEYS = {
    "geo_points": ("geonames_id",),
    "geo_abbreviations": ("admin1",),  # a region's short forms, keyed by the region
    "geo_short_forms": ("short",),
    "timex_words": ("table", "word"),
}


def test_every_lexicon_row_has_an_id_or_its_own_key_once():
    """Brief: every rule in service/lexicons/ has an id the output can name."""
    from importlib import resources

    from service.events import lexicon

    names = sorted(p.name.removesuffix(".jsonl") for p in resources.files("service.lexicons").iterdir())
    names = [n for n in names if not n.startswith("_") and not n.endswith(".py")]
    assert len(names) >= 20
    for name in names:
        keys = DATA_KEYS.get(name, ("id",))
        rows = [tuple(row.get(k) for k in keys) for row in lexicon.load(name)]
        assert rows and all(None not in row for row in rows), f"{name}: a row without {keys}"
        assert len(rows) == len(set(rows)), f"{name}: a {keys} given twice"


def test_the_rule_ids_an_answer_names_are_lexicon_ids(client, seed):
    from service.events import lexicon

    ids = {
        name: {row["id"] for row in lexicon.load(name)} for name in ("triggers", "timex_rules", "geo_rules")
    }
    answer = client.post("/v1/extract", json={"text": seed["text"], "published_at": "2024-05-16"}).get_json()
    rules = {m["rule"] for e in answer["events"] for m in e["mentions"]} | {
        e["rule"] for e in answer["events"]
    }
    assert rules and rules <= ids["triggers"]
    assert {d["rule"] for d in answer["dates"]} - {None} <= ids["timex_rules"]
    sources = {p["source"].removeprefix("partial:") for p in answer["places"]}
    assert sources - {"unresolved", "only_entry", "population"} <= ids["geo_rules"], sources


def test_the_numbers_the_readme_gives_for_code_constants_are_the_codes():
    from service import components, memory, pipeline

    claims = {
        f"parsed in parts of at most {pipeline.PART_CHARS:,}": "Hardening and operations",
        f"A run of more than {pipeline.RUN_PIECE}": "Hardening and operations",
        f"also end at {pipeline.MAX_BATCH_CHARS:,} characters": "Performance",
        f"{components.PLAN_CACHE_LIMIT:,} rows (cheap to redo) and {memory.LEMMA_CACHE_LIMIT:,} lemmas": "Performance",
        f"blocks up\n  to {memory.HOLD_MMAP_BYTES // 2**20} MB from the heap, {memory.HOLD_TRIM_BYTES // 2**20} MB": (
            "Performance"
        ),
        f"with batch size {pipeline.DEFAULT_BATCH_SIZE} (`EVENTS_BATCH_SIZE`)": "Performance",
    }
    for claim, where in claims.items():
        assert claim in section(where), claim


def test_the_idle_timeout_is_whole_seconds_at_least_one():
    """Settings table, ``EVENTS_IDLE_TIMEOUT_S``: "(whole seconds, at least 1)"."""
    assert "whole seconds, at least 1" in section("Settings")
    assert gunicorn_conf(EVENTS_IDLE_TIMEOUT_S="0.2")["keepalive"] == 1
    assert gunicorn_conf(EVENTS_IDLE_TIMEOUT_S="2.6")["keepalive"] == 3
