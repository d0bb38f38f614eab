"""The formulas of a turn's figures: rolling averages, time remaining, response time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from interview.interviews.live_metrics import estimated_time_remaining, rolling_average
from interview.interviews.turn.store import response_time_seconds

START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def test_rolling_average_is_the_plain_mean_of_the_scored_answers() -> None:
    assert rolling_average([]) is None
    assert rolling_average([7.0]) == 7.0
    assert rolling_average([6.0, 7.0, 8.5]) == 7.2


def test_time_remaining_extrapolates_the_average_time_per_question() -> None:
    four_minutes_in = START + timedelta(minutes=4)
    assert estimated_time_remaining(START, four_minutes_in, questions_done=0, planned=6) is None
    assert estimated_time_remaining(START, four_minutes_in, questions_done=2, planned=6) == 8 * 60
    assert estimated_time_remaining(START, four_minutes_in, questions_done=6, planned=6) == 0


def test_response_time_is_the_length_of_the_recorded_answer() -> None:
    assert response_time_seconds(21_400) == 21
    assert response_time_seconds(None) is None
