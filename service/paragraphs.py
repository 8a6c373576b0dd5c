"""Sentence starts the parser must keep: a paragraph break, and the story's first word after a dateline.

News arrives with a headline, a dateline ("TOKYO, April 21 -") and paragraphs separated by blank lines;
the small parser often runs a headline into the dateline and the first sentence ("BAKER SAYS ... BONN,
Oct 20 - Stoltenberg said"), so that the headline's words become the story's subjects. spaCy's parser
keeps sentence starts set before it runs.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .events.locations import find_dateline

NAME = "paragraph_breaks"


@Language.component(NAME)
def paragraph_breaks(doc: Doc) -> Doc:
    starts = {t.i + 1 for t in doc[:-1] if t.is_space and "\n\n" in t.text}
    dateline = find_dateline(doc.text)
    if dateline is not None:
        token = doc.char_span(dateline.end(), dateline.end() + 1, alignment_mode="expand")
        if token is not None:
            starts.add(token.start)
    for i in starts:
        if 0 < i < len(doc):
            doc[i].is_sent_start = True
    return doc


def keep_paragraphs(nlp: Language) -> None:
    if "parser" in nlp.pipe_names and NAME not in nlp.pipe_names:
        nlp.add_pipe(NAME, before="parser")
