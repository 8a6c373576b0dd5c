"""The stories' rules as data (lexicons/story_rules.jsonl, story_groups.jsonl), loaded once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..events.lexicon import load

_SPACE = re.compile(r"[^\w]+")


def normal(name: str) -> str:
    """A name as a key: lower case, words only, no leading article ("The OPEC" -> "opec")."""
    words = _SPACE.sub(" ", name.lower()).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True)
class Rules:
    families: tuple[dict, ...]  # in file order: the first that fits an event is its family
    compatible: dict[frozenset[str], tuple[str, float]]  # {type pair: (rule id, weight)}
    weights: dict[str, float]  # "actor_shared" -> 1.2 ...
    limits: dict[str, float]
    aliases: dict[str, str]  # normal name -> canonical key (actor, country or group)
    members: dict[str, frozenset[str]]  # group key -> member country codes
    countries: dict[str, str]  # normal country name -> ISO code
    capitals: dict[str, str]  # normal capital name -> ISO code of its country
    stated_sources: frozenset[str]  # date.source values that are the text's own date
    descriptor_words: frozenset[str]  # capitalized words that name nobody ("Delegates", "Four")

    def family(self, type_: str, subtype: str) -> str | None:
        for rule in self.families:
            if type_ in rule["types"] and ("subtypes" not in rule or subtype in rule["subtypes"]):
                return rule["family"]
        return None


@cache
def rules() -> Rules:
    entries = load("story_rules")
    compatible = {
        frozenset((e["a"], e["b"])): (e["id"], float(e["weight"]))
        for e in entries
        if e["kind"] == "compatible"
    }
    countries = {normal(name): c["id"] for c in load("countries") for name in c["names"]}
    capitals = {normal(name): c["id"] for c in load("countries") for name in c.get("capitals", ())}
    aliases = dict(countries)
    for actor in load("actors"):
        for name in (actor["name"], *actor.get("aliases", ())):
            aliases.setdefault(normal(name), actor["id"])
    members = {}
    for group in load("story_groups"):
        for name in group["names"]:
            aliases[normal(name)] = group["id"]
        members[group["id"]] = frozenset(group["members"])
    return Rules(
        families=tuple(e for e in entries if e["kind"] == "family"),
        compatible=compatible,
        weights={
            e["id"].removeprefix("weight."): float(e["value"]) for e in entries if e["kind"] == "weight"
        },
        limits={e["id"].removeprefix("limit."): float(e["value"]) for e in entries if e["kind"] == "limit"},
        aliases=aliases,
        members=members,
        countries=countries,
        capitals=capitals,
        stated_sources=frozenset(s for e in entries if e["kind"] == "dates" for s in e["sources"]),
        descriptor_words=frozenset(w for e in entries if e["kind"] == "descriptors" for w in e["words"]),
    )
