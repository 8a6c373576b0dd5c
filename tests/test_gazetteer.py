"""The process-wide tables: countries with demonyms, capitals and seats; the actor dictionary; titles."""

from __future__ import annotations

import pytest

from service.events import lexicon
from service.events.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer()


@pytest.mark.parametrize(
    ("word", "code", "metonym"),
    [
        ("China", "CHN", False),
        ("Chinese", "CHN", False),
        ("Beijing", "CHN", True),
        ("the U.S.’s", "USA", False),
        ("Kremlin", "RUS", True),
        ("Kyiv", "UKR", True),
        ("Brazilian", "BRA", False),
    ],
)
def test_country_names_demonyms_and_capitals(gazetteer, word, code, metonym):
    country = gazetteer.country(word)
    assert (country.code, country.metonym) == (code, metonym)


def test_every_country_has_an_iso_alpha3_code_and_a_capital():
    entries = lexicon.load("countries")
    assert len(entries) >= 190
    assert all(len(e["id"]) == 3 and e["id"].isupper() and e["capitals"] for e in entries)
    assert len({e["id"] for e in entries}) == len(entries)


def test_the_actor_dictionary_knows_office_country_and_aliases(gazetteer):
    xi = gazetteer.known_actor("Xi")
    assert (xi.name, xi.country, xi.office) == ("Xi Jinping", "CHN", "president")
    assert gazetteer.known_actor("NATO").kind == "organization"


def test_titles_split_from_names(gazetteer):
    assert gazetteer.split_title(["Secretary", "of", "State", "Antony", "Blinken"]) == (
        "Secretary of State",
        ["Antony", "Blinken"],
    )


def test_dictionary_names_are_found_where_the_ner_misses_them(nlp, gazetteer):
    doc = nlp("Xi Jinping hosted a banquet.")
    assert [(s.text, s.label_) for s in gazetteer.known_spans(doc)] == [("Xi Jinping", "PERSON")]
