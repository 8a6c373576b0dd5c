"""The first-word index matches exactly what spaCy's Matcher matches, whichever attribute leads."""

from __future__ import annotations

import pytest
import spacy
from spacy.matcher import Matcher

from service.events.patterns import PatternError, TokenPatterns

PATTERNS = {
    "by_text": [{"TEXT": "Talks"}, {"LOWER": "began"}],
    "by_orth": [{"ORTH": "talks"}],
    "by_lower": [{"LOWER": {"IN": ["summit", "talks"]}}],
    "two_words": [{"LOWER": "state"}, {"LOWER": "visit"}],
}


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


@pytest.mark.parametrize(
    "text",
    [
        "Talks began after the summit; the talks ended.",
        "A state visit, then a State Visit and TALKS.",
        "",
        "state",
    ],
)
def test_matches_equal_spacys_matcher(nlp, text):
    ours, theirs = TokenPatterns(), Matcher(nlp.vocab)
    for key, pattern in PATTERNS.items():
        ours.add(key, pattern)
        theirs.add(key, [pattern])
    doc = nlp(text)
    expected = {(nlp.vocab.strings[key], start, end) for key, start, end in theirs(doc)}
    assert set(ours(doc)) == expected


def test_a_pattern_must_start_with_a_word(nlp):
    with pytest.raises(PatternError):
        TokenPatterns().add("x", [{"POS": "VERB"}])
