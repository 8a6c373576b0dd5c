"""Parse helpers on odd but valid input."""

from __future__ import annotations

import pytest

from service.events.syntax import descriptor_phrase


@pytest.mark.parametrize(
    ("sentence", "descriptor"),
    [
        ("The very very very very very very very very old officials said so.", "officials"),
        ("!!!!!!!! - - - - - - - officials said it.", "officials"),
        ("The Chinese foreign ministry officials said it.", "officials"),
    ],
)
def test_descriptor_phrase_always_holds_the_descriptor(nlp, sentence, descriptor):
    doc = nlp(sentence)
    token = next(t for t in doc if t.text == descriptor)
    phrase = descriptor_phrase(token)
    assert token in phrase
    assert len(phrase) <= 8
    assert [t.i for t in phrase] == sorted(t.i for t in phrase)
