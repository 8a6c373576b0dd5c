"""bench/quality.py (make quality): which scorer mode each set gets, and the table it prints."""

from __future__ import annotations

from bench.quality import sets, table


def test_every_dev_set_gets_its_mode_and_the_seed_comes_first(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.gold.json").write_text("{}")
    dev = tmp_path / "eval" / "dev"
    dev.mkdir(parents=True)
    for name in (
        "events-x.jsonl",
        "statements-y.jsonl",
        "timex-z.jsonl",
        "geo-w.jsonl",
        "stories-v.json",
        "notes.txt",
    ):
        (dev / name).write_text("")
    found = [(name, mode) for name, mode, _ in sets(tmp_path / "eval")]
    assert found == [
        ("seed", "events"),
        ("events-x", "events"),
        ("geo-w", "geo"),
        ("statements-y", "events"),
        ("stories-v", "stories"),
        ("timex-z", "timex"),
    ]


def test_the_table_shows_each_sets_own_figures_and_failures_as_they_come():
    text = table(
        {
            "events-x": {"mode": "events", "event_f1": 0.9, "actor_f1": None, "errors": 0},
            "timex-z": {"mode": "timex", "value_f1": 0.855, "errors": 0},
            "stories-v": {"mode": "stories", "error": "exit 1: refused"},
        }
    )
    rows = {line.split(" | ")[0].strip("| "): line for line in text.splitlines()[2:]}
    assert "| 0.900 |" in rows["events-x"] and "| – |" in rows["events-x"]
    assert "| 0.855 |" in rows["timex-z"] and "0.900" not in rows["timex-z"]
    assert "exit 1: refused" in rows["stories-v"]
