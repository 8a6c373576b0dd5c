"""A generated corpus of short news documents, and comparing answers without their timing."""

from __future__ import annotations

LEADERS = ["President Vladimir Putin", "Xi Jinping", "Emmanuel Macron", "Olaf Scholz", "Antony Blinken"]
PLACES = ["Beijing", "Paris", "Berlin", "Kyiv", "Washington", "Moscow"]
DAYS = ["on Thursday", "on Monday", "last week", "on May 3", "yesterday", "next month"]
TEMPLATES = [
    "{a} met {b} in {place} {day}.",
    "{a} will visit {place} {day}, officials said.",
    "{a} said {day} that talks with {b} in {place} had been useful.",
    "{a} urged {b} to end the war. The two leaders spoke by phone {day}.",
    "{a} and {b} signed an agreement in {place} {day}.",
    "{a} did not meet {b} {day}.",
]


def make_corpus(n: int = 36) -> list[dict]:
    """``n`` distinct JSONL records {id, text, published_at}."""
    records = []
    for i in range(n):
        a = LEADERS[i % len(LEADERS)]
        b = LEADERS[(i + 1 + i // len(LEADERS)) % len(LEADERS)]
        if b == a:
            b = LEADERS[(i + 2) % len(LEADERS)]
        text = TEMPLATES[i % len(TEMPLATES)].format(
            a=a, b=b, place=PLACES[(i // 2) % len(PLACES)], day=DAYS[(i // 3) % len(DAYS)]
        )
        records.append({"id": f"doc-{i:03d}", "text": text, "published_at": f"2024-05-{1 + i % 28:02d}"})
    return records


def without_timing(answer: dict) -> dict:
    """An answer with ``meta.processing_ms`` left out: the only field that may differ between runs."""
    meta = {k: v for k, v in answer["meta"].items() if k != "processing_ms"}
    return {**answer, "meta": meta}
