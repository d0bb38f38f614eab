"""A shared report's written feedback speaks of the candidate; the candidate's quoted words stay."""

from __future__ import annotations

from interview.interviews.third_person import about_the_candidate


def test_you_becomes_the_candidate_and_the_verb_agrees() -> None:
    assert about_the_candidate("You answered 3 of 5 questions; your scores rose.") == (
        "The candidate answered 3 of 5 questions; the candidate's scores rose."
    )
    assert about_the_candidate("You were clear and you're concise; you've named the result.") == (
        "The candidate was clear and the candidate is concise; the candidate has named the result."
    )
    assert about_the_candidate("Say what you did yourself.") == "Say what the candidate did themselves."


def test_quoted_words_and_other_words_are_left_alone() -> None:
    assert about_the_candidate('Cut fillers such as "you know".') == 'Cut fillers such as "you know".'
    assert about_the_candidate("It opened “you see, we had” well.") == "It opened “you see, we had” well."
    assert about_the_candidate("Young teams; yours did well.") == "Young teams; the candidate's did well."
