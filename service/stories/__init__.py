"""Stories: the events of many articles grouped by the real-world event they report. No Flask, no model.

    stories = group_stories([(doc_id, answer), ...])   # answer: the API's JSON for that document

Three steps, shared by the batch endpoint, the command line and Spark:
``keys`` turns each event into a ``Mention`` with one blocking key (type family and month);
``match`` scores a pair of mentions with the named weights of ``lexicons/story_rules.jsonl``;
``group`` merges the mentions of one block into stories, whatever their order, then the stories of
neighbouring months around the month boundary nearest each (one key per story), and builds the records.
"""

from __future__ import annotations

from collections.abc import Iterable

from .group import boundary_key, cluster, join, record
from .keys import Mention, block_key, mentions_of

__all__ = [
    "Mention",
    "batch_stories",
    "block_key",
    "boundary_key",
    "cluster",
    "group_stories",
    "mentions_of",
    "record",
    "stories_of_block",
    "stories_of_boundary",
]


def stories_of_block(mentions: list[Mention]) -> list[dict]:
    """One block's stories, before the second stage (no neighbouring month compared)."""
    return [record(group) for group in cluster(mentions)]


def stories_of_boundary(groups: list[list[Mention]]) -> list[dict]:
    """The stories of one boundary block: the first stage's groups of both months, merged."""
    return [record(group) for group in join(groups, [block_key(g[0]) for g in groups])]


def group_stories(answers: Iterable[tuple[str | int, dict]]) -> list[dict]:
    """Story records for ``(document name, answer)`` pairs: every event of every answer in exactly one
    story; the stories ordered by when they were first reported, then by id."""
    blocks: dict[str, list[Mention]] = {}
    for document, answer in answers:
        for mention in mentions_of(document, answer):
            blocks.setdefault(block_key(mention), []).append(mention)
    boundaries: dict[str, list[list[Mention]]] = {}
    for block in blocks.values():
        for group in cluster(block):
            boundaries.setdefault(boundary_key(group), []).append(group)
    stories = [story for groups in boundaries.values() for story in stories_of_boundary(groups)]
    return sorted(stories, key=order)


def batch_stories(results: list[dict]) -> list[dict]:
    """Stories of a batch answer's ``results`` (items with ``index`` and ``result``): a document is named
    by its id, or by its index in the request when it has none; failed items have no events."""
    return group_stories(
        (item["result"]["id"] if item["result"]["id"] is not None else item["index"], item["result"])
        for item in results
        if item.get("result") is not None
    )


def order(story: dict) -> tuple[str, str]:
    return (story["first_reported"] or "", story["id"])
