"""The request body exactly as the client framed it, or an error: never a part of it.

werkzeug stops reading a body at the size limit without saying so, and takes a body that ends before
its Content-Length for a whole one; a malformed chunk from the server's parser would surface as a
500. ``StrictInput`` wraps ``wsgi.input`` so that:
- a body over the limit, in any framing, is 413 (one byte past the limit is read to know);
- a body that ends before its declared Content-Length is 400;
- malformed chunked encoding is 400;
- a body compressed by a transfer coding (``Transfer-Encoding: gzip, chunked``, which the server's
  parser lets through still compressed) is 501, as any coding but chunked is;
and marks the request so the server closes the connection after the answer (``CLOSE_CONNECTION``).
"""

from __future__ import annotations

from werkzeug.exceptions import BadRequest, HTTPException, RequestEntityTooLarge
from werkzeug.exceptions import NotImplemented as NotImplementedCoding

CLOSE_CONNECTION = "news_events.close_connection"  # environ key the gunicorn worker acts on


class _Body:
    def __init__(self, stream, environ: dict, limit: int):
        self.stream, self.environ, self.limit = stream, environ, limit
        self.declared = _declared_length(environ)
        self.received = 0
        codings = environ.get("HTTP_TRANSFER_ENCODING", "").lower().split(",")
        self.coded = [c.strip() for c in codings if c.strip() not in ("", "chunked")]

    def _fail(self, error: HTTPException):
        self.environ[CLOSE_CONNECTION] = True
        raise error

    def read(self, size: int | None = -1) -> bytes:
        return self._checked(self.stream.read, size)

    def readline(self, size: int | None = -1) -> bytes:
        return self._checked(self.stream.readline, size)

    def _checked(self, reader, size: int | None) -> bytes:
        if self.coded:
            self._fail(
                NotImplementedCoding(
                    f"Only the chunked transfer coding is accepted, not {', '.join(self.coded)}; "
                    "send the body uncompressed."
                )
            )
        if self.declared is not None and self.declared > self.limit:
            self._fail(
                RequestEntityTooLarge(f"The body has {self.declared} bytes; the limit is {self.limit}.")
            )
        try:
            data = reader() if size is None or size < 0 else reader(size)
            if data and self.declared is None and self.received + len(data) == self.limit:
                data += self.stream.read(1)  # exactly at the limit: one more byte means over it
        except HTTPException as error:  # the server's read deadline (408)
            self._fail(error)
        except Exception as error:  # the server's chunked parser, or the connection, gave up
            self._fail(BadRequest(f"The body could not be read: {_reason(error)}."))
        self.received += len(data)
        if self.received > self.limit:
            self._fail(RequestEntityTooLarge(f"The body is over the limit of {self.limit} bytes."))
        if size != 0 and not data and self.declared is not None and self.received < self.declared:
            self._fail(
                BadRequest(
                    f"The body ended after {self.received} of the {self.declared} bytes its "
                    "Content-Length declared."
                )
            )
        return data


def _declared_length(environ: dict) -> int | None:
    try:
        return int(environ["CONTENT_LENGTH"])
    except (KeyError, ValueError):
        return None


def _reason(error: Exception) -> str:
    name = type(error).__name__
    return {
        "NoMoreData": "the connection closed before its end",
        "InvalidChunkSize": "a chunk size is not valid",
        "ChunkMissingTerminator": "a chunk does not end with CRLF",
        "InvalidChunkExtension": "a chunk extension is not valid",
        "InvalidHeader": "a trailer is not valid",
        "LimitRequestHeaders": "the trailers are too large",
    }.get(name, f"malformed chunked encoding ({name})")


class StrictInput:
    """WSGI middleware: ``wsgi.input`` as ``_Body`` above."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    def __call__(self, environ, start_response):
        environ["wsgi.input"] = _Body(environ["wsgi.input"], environ, self.limit)
        return self.app(environ, start_response)
