"""paragraphs.py: a blank line and the end of a dateline start a sentence the parser keeps."""

from __future__ import annotations

from service.paragraphs import NAME


def test_the_service_pipeline_keeps_paragraphs_before_its_parser(nlp):
    names = nlp.pipe_names
    assert names.index(NAME) < names.index("parser")


def test_a_headline_and_a_dateline_are_not_run_into_the_first_sentence(nlp):
    doc = nlp(
        "MINISTER SAYS TALKS GO ON\n\nOSLO, May 15 - The trade minister said the talks went well.\n\nHe left."
    )
    starts = [s[0].text for s in doc.sents if not s[0].is_space]
    assert "The" in starts and "He" in starts
    assert next(s for s in doc.sents if s[0].text == "The").text.startswith("The trade minister said")


def test_a_text_without_breaks_is_parsed_as_spacy_parses_it(nlp, spacy_nlp):
    text = "The trade minister said the talks went well. He left on Monday."
    assert [s.text for s in nlp(text).sents] == [s.text for s in spacy_nlp(text).sents]
