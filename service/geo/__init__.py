"""Places on the map: a GeoNames gazetteer index (index.py) and the document-level resolution of every
place mention to an entry of it (resolver.py). No Flask, no network: the index is built from pinned
packages' data once and read from disk."""

from __future__ import annotations

from dataclasses import replace

from ..events.model import Event, Place
from .index import GeoIndex
from .resolver import PlaceResolver

__all__ = ["GeoIndex", "PlaceResolver", "locate"]


def locate(events: list[Event], places: list[Place]) -> None:
    """Each event's chosen location gets the coordinates of the place resolved at its span."""
    by_span = {(p.start, p.end): p for p in places if p.lat is not None}
    for event in events:
        location = event.location
        place = location and (by_span.get((location.start, location.end)) or _overlapping(location, places))
        if place:
            event.location = replace(
                location,
                geonames_id=place.geonames_id,
                lat=place.lat,
                lon=place.lon,
                feature=place.feature,
                country=location.country or place.country,
            )


def _overlapping(location, places: list[Place]) -> Place | None:
    return next(
        (p for p in places if p.lat is not None and p.start < location.end and location.start < p.end),
        None,
    )
