"""Each event of an answer as a story ``Mention``: its canonical participants, its date as a window of
days, its place, and the one blocking key it is compared under.

The input is the API's JSON for a document (``events`` with ``actors[].name/country``, ``date.value``,
``date.source``, ``location``, ``modality``), so the batch, the command line and Spark share it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import asdict, dataclass

from .rules import normal, rules

Day = dt.date
_DATE = re.compile(
    r"^(?P<y>\d{4})(?:-(?:(?P<m>\d\d)(?:-(?P<d>\d\d))?|W(?P<w>\d\d)(?P<we>-WE)?|Q(?P<q>[1-4])|H(?P<h>[12])))?"
)
_BODIES = frozenset(("organization", "group", "country"))


@dataclass(frozen=True)
class Mention:
    document: str | int
    event: str
    type: str
    family: str | None  # None: never merged (a story of its own)
    modality: str
    actors: frozenset[str]  # canonical keys: actor ids, group ids, ISO codes, or normal names
    bodies: frozenset[str]  # the keys of organizations, groups and countries among them
    names: tuple[str, ...]  # the names as the article gives them, for the story record
    context: frozenset[str]  # every participant its article names, for events naming none
    window: tuple[Day, Day] | None  # first and last day the event may fall on
    likely: tuple[Day, Day] | None  # the likeliest part of it (for an inherited date: around the article)
    stated: bool  # the date is the text's own (not inherited from the article)
    granularity: str | None
    date_value: str | None
    place: str | None  # normal name
    place_name: str | None
    place_country: str | None  # ISO code of the country the place is in
    place_code: str | None  # ISO code when the place is a country
    place_stated: bool
    word: str  # the trigger's lemma-ish head word
    published: Day | None

    @property
    def key(self) -> tuple[str, str]:
        return (str(self.document), self.event)


def window_of(value: str | None) -> tuple[Day, Day, str] | None:
    """A TIMEX3 calendar value as (first day, last day, granularity); None when not a calendar date."""
    found = _DATE.match(value or "")
    if not found:
        return None
    y = int(found["y"])
    try:
        if found["d"]:
            day = Day(y, int(found["m"]), int(found["d"]))
            return day, day, "day"
        if found["m"]:
            m = int(found["m"])
            return Day(y, m, 1), Day(y, m, calendar.monthrange(y, m)[1]), "month"
        if found["w"]:
            monday = Day.fromisocalendar(y, int(found["w"]), 1)
            if found["we"]:
                return monday + dt.timedelta(5), monday + dt.timedelta(6), "weekend"
            return monday, monday + dt.timedelta(6), "week"
        if found["q"]:
            q = int(found["q"])
            return Day(y, 3 * q - 2, 1), Day(y, 3 * q, calendar.monthrange(y, 3 * q)[1]), "quarter"
        if found["h"]:
            return (
                (Day(y, 1, 1), Day(y, 6, 30), "half")
                if found["h"] == "1"
                else (Day(y, 7, 1), Day(y, 12, 31), "half")
            )
    except ValueError:
        return None
    return Day(y, 1, 1), Day(y, 12, 31), "year"


def parse_day(value: object) -> Day | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, Day):
        return value
    found = window_of(value if isinstance(value, str) else None)
    return found[0] if found and found[2] == "day" else None


def actor_keys(actors: list[dict]) -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    """Canonical participant keys (the lexicons' ids and groups, ISO codes, else the normal name), those
    of bodies (organizations, groups, countries), and the display names; descriptors such as "trade
    ministers" or "delegates" name nobody."""
    aliases = rules().aliases
    keys, bodies, names = set(), set(), []
    for actor in actors:
        name = actor.get("name") or ""
        key = normal(name)
        if actor.get("kind") == "document" or not key:
            continue
        canonical = aliases.get(key)
        if canonical is None:
            if not any(w[0].isupper() and w.lower() not in rules().descriptor_words for w in name.split()):
                continue  # "trade ministers", "Delegates": a descriptor, not a name
            # a person outside the lexicon by surname: "Lukman" in one report, "Rilwanu Lukman" in another
            canonical = f"person:{key.split()[-1]}" if actor.get("kind") == "person" else key
        keys.add(canonical)
        if actor.get("kind") in _BODIES:
            bodies.add(canonical)
        if actor.get("country"):
            keys.add(actor["country"])
        names.append(name)
    return frozenset(keys), frozenset(bodies), tuple(dict.fromkeys(names))


def _window(
    event: dict, published: Day | None
) -> tuple[tuple[Day, Day] | None, tuple | None, bool, str | None]:
    """(window, likely part, stated, granularity) of an event's date."""
    planned = event.get("modality") == "planned"
    date = event.get("date") or {}
    found = window_of(date.get("value"))
    if found is None:
        found = (published, published, "day") if published else None
        stated = False
    else:
        stated = date.get("source") in rules().stated_sources
    if found is None:
        return None, None, False, None
    first, last, granularity = found
    if stated:
        return (first, last), (first, last), True, granularity
    # the article's day: the event may lie a little before it, or be planned after it; likeliest just
    # before it when reported as done, after it when planned. What is planned has not happened yet, what
    # is reported as done has begun (a gathering of a few days may go on after its article).
    limits = rules().limits
    after = last + dt.timedelta(days=limits["inherited_after_days"])
    first -= dt.timedelta(days=limits["inherited_before_days"])
    done = event.get("modality") == "asserted"
    window = (last if planned else first, last + dt.timedelta(limits["near_days"]) if done else after)
    return (
        window,
        (last, after) if planned else (first, last + dt.timedelta(1)),
        False,
        granularity,
    )


def mentions_of(document: str | int, answer: dict) -> list[Mention]:
    """The story mentions of one document's answer (``{"events", "meta"}`` as the API gives it)."""
    meta = answer.get("meta") or {}
    published = parse_day((meta.get("reference") or {}).get("value")) or parse_day(meta.get("published_at"))
    table = rules()
    drafts = []
    for event in answer.get("events") or []:
        family = table.family(event["type"], event.get("subtype") or "")
        drafts.append((event, family, *actor_keys(event.get("actors") or [])))
    context = frozenset(k for _, _, keys, _, _ in drafts for k in keys)
    out = []
    for event, family, keys, bodies, names in drafts:
        window, likely, stated, granularity = _window(event, published)
        place = event.get("location") or {}
        trigger = (event.get("trigger") or {}).get("text") or ""
        out.append(
            Mention(
                document=document,
                event=event["id"],
                type=event["type"],
                family=family,
                modality=event.get("modality") or "asserted",
                actors=keys,
                bodies=bodies,
                names=names,
                context=context,
                window=window,
                likely=likely,
                stated=stated,
                granularity=granularity,
                date_value=(event.get("date") or {}).get("value") if stated else None,
                place=normal(place["name"]) if place.get("name") else None,
                place_name=place.get("name"),
                place_country=place.get("country") or table.capitals.get(normal(place.get("name") or "")),
                place_code=table.countries.get(normal(place.get("name") or "")),
                place_stated=place.get("source") == "explicit",
                word=normal(trigger).rstrip("s").split(" ")[-1] if trigger else "",
                published=published,
            )
        )
    return out


def signature(mention: Mention) -> set[str]:
    """What a mention can share with another of its block for their pair to be scored at all."""
    keys = set(mention.actors | mention.context)
    if mention.place:
        keys.add(f"place:{mention.place}")
    if mention.stated and mention.granularity == "day":
        keys.add(f"day:{mention.date_value}")
    return keys


def block_key(mention: Mention) -> str:
    """The one block a mention is compared in: its type family and the month its likeliest days are
    centred on. Mentions of other blocks are never compared (no all-pairs over a corpus). Events never merged (a
    family-less type, no date at all) wait in one block per document, each a story of its own."""
    if not mergeable(mention):
        return f"single:{mention.document}"
    first, last = mention.likely  # a report's likeliest days: a meeting of the 29th reported undated on
    middle = first + (last - first) / 2  # the 1st is blocked with June, where it most likely happened
    return f"{mention.family}:{middle:%Y-%m}"


def mergeable(mention: Mention) -> bool:
    return mention.family is not None and mention.window is not None


_SETS = ("actors", "bodies", "context")


def mention_to_json(mention: Mention) -> str:
    """A mention as one JSON text (Spark carries it between the blocking and the merging)."""
    data = asdict(mention)
    for name in _SETS:
        data[name] = sorted(data[name])
    for name in ("window", "likely"):
        data[name] = None if data[name] is None else [day.isoformat() for day in data[name]]
    data["published"] = mention.published.isoformat() if mention.published else None
    return json.dumps(data, ensure_ascii=False)


def mention_from_json(text: str) -> Mention:
    data = json.loads(text)
    for name in _SETS:
        data[name] = frozenset(data[name])
    for name in ("window", "likely"):
        data[name] = None if data[name] is None else tuple(Day.fromisoformat(day) for day in data[name])
    data["names"] = tuple(data["names"])
    data["published"] = Day.fromisoformat(data["published"]) if data["published"] else None
    return Mention(**data)
