"""What the fuzz tests share: their settings, a time bound and text strategies."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis import settings
from hypothesis import strategies as st

# INCIDEX_FUZZ_SCALE=20 multiplies every test's examples for a long run.
SCALE = max(1, int(os.environ.get("INCIDEX_FUZZ_SCALE", "1")))
# One call on a few kilobytes; loose so that a loaded machine does not fail it.
SECONDS_PER_CALL = 5.0


def fuzz_settings(max_examples: int) -> settings:
    return settings(settings.get_profile("fuzz"), max_examples=max_examples * SCALE)


@contextmanager
def within(seconds: float = SECONDS_PER_CALL) -> Iterator[None]:
    """Fail when the block takes longer than ``seconds`` (a hang shows as a slow example)."""
    started = time.perf_counter()
    yield
    took = time.perf_counter() - started
    assert took < seconds, f"took {took:.2f} s, more than {seconds} s"


NEWS_WORDS = [
    "Gunmen", "killed", "at", "least", "12", "twenty-one", "people", "soldiers", "were",
    "wounded", "in", "near", "north", "of", "Kidal", "Aleppo", "Mosul", "Kharkiv", "Gao",
    "on", "Monday", "last", "week", "yesterday", "March", "3", "2024-02-29", "10/31/2020",
    "an", "air", "strike", "clash", "protesters", "police", "fired", "tear", "gas", "the",
    "army", "said", "according", "to", "officials", "reportedly", "claimed", "Islamic",
    "State", "Hamas", "Russian", "forces", "shelled", "village", "bomb", "exploded", "a",
    "dozen", "dead", "no", "one", "was", "hurt", "Gen.", "U.S.", "J.", ",", ".", ";", "\n",
    "(", ")", '"', "\u2019s", "-", "\u2013", "\u00a0", "\t",
]  # fmt: skip

news_like = st.lists(st.sampled_from(NEWS_WORDS), max_size=80).map(" ".join)
# Arbitrary text, news-like word salad and the two mixed: the parsers' real diet plus noise.
texts = st.one_of(
    st.text(max_size=600),
    news_like,
    st.tuples(news_like, st.text(max_size=80), news_like).map("".join),
)


def assert_span_in(text: str, start: int, end: int, span_text: str) -> None:
    assert 0 <= start <= end <= len(text), (start, end, len(text))
    assert text[start:end] == span_text, (text[start:end], span_text)
