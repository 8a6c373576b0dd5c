"""A multipart/form-data body read part by part, byte for byte (werkzeug's sans-IO decoder): Flask's
own form parsing decodes text fields with errors="replace", which would alter a text silently."""

from __future__ import annotations

from dataclasses import dataclass, field

from werkzeug.datastructures import Headers
from werkzeug.sansio.multipart import Data, Epilogue, Field, File, MultipartDecoder, NeedData


@dataclass
class Part:
    name: str
    filename: str | None
    headers: Headers
    data: bytearray = field(default_factory=bytearray)


class MalformedMultipart(ValueError):
    """The body does not follow its multipart boundaries (RFC 7578)."""


def read_parts(body: bytes, boundary: str, max_parts: int = 16) -> list[Part]:
    decoder = MultipartDecoder(boundary.encode("latin-1"), max_parts=max_parts)
    decoder.receive_data(body)
    decoder.receive_data(None)
    parts: list[Part] = []
    try:
        while True:
            event = decoder.next_event()
            if isinstance(event, (Field, File)):
                parts.append(Part(event.name, getattr(event, "filename", None), event.headers))
            elif isinstance(event, Data):
                parts[-1].data += event.data
            elif isinstance(event, Epilogue):
                return parts
            elif isinstance(event, NeedData):  # complete, yet no closing boundary: cut short
                raise MalformedMultipart("the body ends before its closing boundary")
    except (ValueError, IndexError, UnicodeEncodeError) as exc:
        if isinstance(exc, MalformedMultipart):
            raise
        raise MalformedMultipart(str(exc) or type(exc).__name__) from exc
