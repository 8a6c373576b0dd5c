"""The rule and word files: well-formed, every rule with an id and a resolver, compiled once."""

from __future__ import annotations

import pytest

from service.events.lexicon import LexiconError, load
from service.events.temporal.resolve import RESOLVERS
from service.events.temporal.rules import _expand, candidates, rules
from service.events.temporal.tables import number, tables


def test_every_rule_has_an_id_a_type_and_a_resolver():
    entries = load("timex_rules")
    assert len({e["id"] for e in entries}) == len(entries)
    for entry in entries:
        assert entry["kind"] in RESOLVERS, entry["id"]
        assert entry["type"] in ("DATE", "TIME", "DURATION", "SET"), entry["id"]


def test_rules_compile_once():
    assert rules() is rules()


def test_unknown_placeholder_is_an_error():
    with pytest.raises(LexiconError, match="unknown placeholder"):
        _expand("(?P<x>{no_such_table})", "test.rule")


@pytest.mark.parametrize("table", ["month", "weekday", "number", "unit", "season", "part_of_day", "ref_word"])
def test_word_tables_exist(table):
    assert tables()[table]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("24", 24),
        ("1,000", 1000),
        ("twenty-four", 24),
        ("twenty four", 24),
        ("a couple of", 2),
        ("two hundred", 200),
        ("2 1/2", 2.5),
        ("a", 1),
        ("many", None),
    ],
)
def test_number(text, value):
    assert number(text) == value


def test_longest_match_wins():
    text = "on Monday, Oct. 26, 1998 at noon"
    assert [m.group(0) for _, m in candidates(text)] == ["Monday, Oct. 26, 1998", "noon"]


def test_anchor_windows_find_what_a_full_scan_finds(monkeypatch):
    from service.events.temporal import rules as rules_module

    filler = "The committee discussed the proposal at length and adjourned without a vote. " * 4
    text = (
        filler
        + (
            "Each of the last three years, more than two thousand years ago, the last half of the '80s, at "
            "10:35 a.m. (0735 GMT) on 08/07/1998, the year-ago quarter, nineteen ninety-six and early next year. "
            "Profits rose 12.5% to $1,990 million in the quarter ended Sept. 30. "
        )
        + filler
    )
    assert sum(b - a for a, b in rules_module.regions(text)) < len(text) / 2
    windowed = [(r.id, m.span()) for r, m in candidates(text)]
    monkeypatch.setattr(rules_module, "regions", lambda text: [(0, len(text))])
    assert windowed == [(r.id, m.span()) for r, m in candidates(text)]
    assert len(windowed) >= 9
