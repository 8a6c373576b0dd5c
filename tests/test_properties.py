"""Property tests (hypothesis): for any text, every span in the answer points into it
(``text[start:end] == span.text``) and nothing raises. Bounded so the suite stays quick."""

from __future__ import annotations

import datetime as dt
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .spans import assert_extraction_spans
from .test_api import assert_spans_point_into

NEWS_WORDS = [
    "Putin", "Xi", "Jinping", "Biden", "Macron", "met", "said", "visited", "signed", "talks", "agreement",
    "in", "Beijing", "Paris", "on", "Thursday", "yesterday", "next", "week", "the", "President", "will",
    "not", "may", "urged", "China", "Russia", "2024", "May", "16", "told", "reporters", "a", "deal",
    ".", ",", "\"", "'s", "—", "\n\n", "BEIJING (Reuters) -", "(", ")", ":",
]  # fmt: skip
any_char = st.characters(codec="utf-8", exclude_categories=("Cs",))
pieces = st.one_of(
    st.sampled_from(NEWS_WORDS),
    st.text(any_char, min_size=1, max_size=6),
    st.sampled_from([" ", "\t", "\x00", "\u200b", "😀", "北京", "é", "e\u0301", "\u202e", "<b>", "&amp;"]),
)
texts = st.lists(pieces, min_size=1, max_size=60).map(" ".join)
dates = st.one_of(
    st.none(), st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1))
)
EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "60"))  # a longer run: PROPERTY_EXAMPLES=2000
BOUNDED = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@BOUNDED
@given(text=texts, published_at=dates)
def test_any_text_gives_spans_that_point_into_it(pipeline, text, published_at):
    result = pipeline.extract(text, published_at)
    assert_extraction_spans(text, result)


@settings(max_examples=max(1, EXAMPLES * 2 // 3), deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(any_char, min_size=1, max_size=300).filter(str.strip))
def test_any_text_through_the_api_is_answered_200_with_true_offsets(client, text):
    response = client.post("/v1/extract", json={"text": text, "published_at": "2024-05-16"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert_spans_point_into(text, response.get_json())
