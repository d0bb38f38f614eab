"""Filler detection on transcripts: hesitations in every spelling, phrases, and "like" in context."""

from __future__ import annotations

import pytest
from interview.speech.fillers import filler_forms, find_fillers, find_fillers_in_text
from interview.speech.types import Word


def forms(text: str) -> list[str]:
    return filler_forms(find_fillers_in_text(text))


@pytest.mark.parametrize(
    ("spoken", "form"),
    [
        ("um", "um"), ("Umm,", "um"), ("UMMM...", "um"), ("uhm", "um"), ("erm,", "um"),
        ("uh", "uh"), ("Uhh.", "uh"), ("er", "er"), ("err,", "er"), ("ah", "ah"), ("Ahh,", "ah"),
        ("hmm", "hmm"), ("Hmmm...", "hmm"), ("hm,", "hmm"), ("mmm", "hmm"),
    ],
)  # fmt: skip
def test_hesitations_in_any_spelling(spoken: str, form: str) -> None:
    assert forms(f"So {spoken} the cache was slow") == [form]


def test_every_occurrence_is_listed_in_order() -> None:
    text = (
        "Umm, so I think, uh, the cache was, like, slow, you know? I mean, basically it was literally down."
    )
    assert forms(text) == ["um", "uh", "like", "you know", "i mean", "basically", "literally"]


@pytest.mark.parametrize(
    "text",
    [
        "I'd like to explain the design.",
        "I would like to add a cache.",
        "It feels like the right trade-off.",
        "It looks like a race condition.",
        "That seems like a good idea.",
        "We used things like queues and caches.",
        "Something like that would work.",
        "We like Go for this kind of service.",
        "It works like a queue.",
        "Like I said, the index fixed it.",
    ],
)
def test_like_as_a_verb_preposition_or_comparison_is_not_a_filler(text: str) -> None:
    assert "like" not in forms(text)


@pytest.mark.parametrize(
    "text",
    [
        "Like, the database was the bottleneck.",
        "It was, like, really slow.",
        "So like we rewrote it.",
        "It took like 10 minutes to deploy.",
        "We had, um, like maybe three engineers.",
    ],
)
def test_like_as_a_hesitation_is_a_filler(text: str) -> None:
    assert "like" in forms(text)


def test_kind_of_is_a_hedge_unless_it_names_a_category() -> None:
    assert forms("It was kind of slow and sort of flaky.") == ["kind of", "sort of"]
    assert forms("What kind of database? A sort of log? This kind of thing.") == []


def test_you_know_and_i_mean_only_as_fillers() -> None:
    assert forms("You know, it failed. It failed, you know.") == ["you know", "you know"]
    assert forms("Do you know the answer? If you know Redis, fine.") == []
    assert forms("I mean, it worked.") == ["i mean"]
    assert forms("I mean it. What I mean is simple.") == []


def test_ordinary_words_are_not_fillers() -> None:
    assert forms("Ultimately the error handler umpires the retries, hmmingbird aside.") == []


def test_timed_words_keep_their_timings() -> None:
    words = [
        Word("Umm,", 0.0, 0.6, 0.9),
        Word("so", 0.8, 1.0, 0.9),
        Word("you", 1.2, 1.3, 0.9),
        Word("know,", 1.3, 1.6, 0.9),
        Word("it", 1.7, 1.8, 0.9),
        Word("works.", 1.8, 2.2, 0.9),
    ]
    fillers = find_fillers(words)
    assert [(f.form, f.word_index, f.start, f.end) for f in fillers] == [
        ("um", 0, 0.0, 0.6),
        ("you know", 2, 1.2, 1.6),
    ]
