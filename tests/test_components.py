"""components.py's stand-ins write exactly what spaCy's attribute ruler and rule lemmatizer write."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.pipeline import AttributeRuler

from service import components
from service.components import CachedLemmatizer, IndexedAttributeRuler, speed_up
from service.paragraphs import keep_paragraphs

TEXTS = [
    "Russian President Vladimir Putin arrived in Beijing on Thursday for a two-day state visit.",
    "The ministers didn't sign the accord, and they won't until the talks resume next week.",
    "Y'all ain't gonna believe it: let's go, c'mon, we gotta leave now, he said.",
    "There is no plan. There are two options, and there's a third one the envoy isn't naming.",
    "She gets what she wants; he got nothing. Whether or not they agree, the vote is Monday.",
    "Officials  said\n\nthe meeting,   held in Geneva ,was 'productive' (a word they rarely use).",
    "EU leaders met on 12/05/2024 at 10:30 a.m. and issued a 3,000-word statement.",
    "",
    "   ",
]
WORD_LIST = (
    "the a an that if because so not n't 's 're is are was were be do have of 've gets got ai "
    "gon na got ta let c'm on y' all there it he she they said says saying met meets meeting "
    "visited visit talks minister ministers Putin Xi Beijing U.S. EU 2024 10:30 . , ; ' \" ( ) - "
    "\n \n\n whether though until once will would"
)
WORDS = WORD_LIST.split(" ")  # "\n" and "\n\n" are words here: whitespace tokens


@pytest.fixture(scope="module")
def spacy_nlp(spacy_nlp):
    """spaCy's own components, with the service's paragraph breaks (paragraphs.py) set before its parser,
    as the service sets them: the stand-ins must write what spaCy's components write on the same parse."""
    reference = spacy.load(spacy_nlp.meta["lang"] + "_" + spacy_nlp.meta["name"])
    keep_paragraphs(reference)
    return reference


def annotations(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def test_the_service_pipeline_uses_both_stand_ins(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), CachedLemmatizer)


@pytest.mark.parametrize("text", TEXTS)
def test_same_annotations_as_spacy(nlp, spacy_nlp, text):
    assert annotations(nlp(text)) == annotations(spacy_nlp(text))


def test_same_annotations_as_spacy_in_batches(nlp, spacy_nlp):
    ours = [annotations(doc) for doc in nlp.pipe(TEXTS * 3, batch_size=4)]
    assert ours == [annotations(doc) for doc in spacy_nlp.pipe(TEXTS * 3, batch_size=4)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25).map(" ".join))
def test_same_annotations_as_spacy_on_any_word_sequence(nlp, spacy_nlp, text):
    assert annotations(nlp(text)) == annotations(spacy_nlp(text))


def ruled_pipeline() -> spacy.language.Language:
    """A blank pipeline whose ruler exercises what the stand-in implements: every test kind, a
    pattern that reads an attribute another sets, a later pattern overriding an earlier one, and
    longer patterns setting their first and last token."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": {"IN": ["the", "a", "an"]}}]], {"TAG": "DT", "POS": "DET"})
    ruler.add([[{"TAG": "DT"}]], {"POS": "X"})  # TAG before the ruler is empty: never matches
    ruler.add([[{"ORTH": "The"}]], {"POS": "PRON", "MORPH": "Definite=Def"})  # wins over the first
    ruler.add([[{"LOWER": {"REGEX": "^y'?$"}}, {"LOWER": "all"}]], {"LEMMA": "you"}, index=0)
    ruler.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "to"}, index=-1)
    ruler.add([[{"IS_SPACE": True}]], {"TAG": "_SP", "POS": "SPACE"})
    ruler.add([[{"LOWER": {"NOT_IN": ["the", "y'", "y"]}, "IS_SPACE": False}]], {"MORPH": "Foo=Bar"})
    return nlp


def test_a_ruler_of_every_supported_kind_is_replaced_and_agrees():
    theirs, ours = ruled_pipeline(), ruled_pipeline()
    assert speed_up(ours) == ["attribute_ruler"]
    text = "The cat saw a dog.\n\nY'all are gon na see the an THE y all"
    assert annotations(ours(text)) == annotations(theirs(text))
    assert [t.pos_ for t in ours("The the")] == ["PRON", "DET"]  # spaCy's order: the last pattern wins


def test_a_ruler_with_unsupported_patterns_keeps_spacys():
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add([[{"LENGTH": 3}]], {"TAG": "X"})
    assert speed_up(nlp) == []
    assert type(nlp.get_pipe("attribute_ruler")) is AttributeRuler


def test_caches_stay_bounded_and_results_exact(spacy_nlp, monkeypatch: pytest.MonkeyPatch):
    nlp = spacy.load(spacy_nlp.meta["lang"] + "_" + spacy_nlp.meta["name"])
    speed_up(nlp)
    keep_paragraphs(nlp)
    monkeypatch.setattr(components, "PLAN_CACHE_LIMIT", 5)
    monkeypatch.setattr(components, "LEMMA_CACHE_LIMIT", 7)
    for text in TEXTS:
        assert annotations(nlp(text)) == annotations(spacy_nlp(text))
        assert len(nlp.get_pipe("attribute_ruler").plans) <= 5
        assert len(nlp.get_pipe("lemmatizer").cache) <= 7
