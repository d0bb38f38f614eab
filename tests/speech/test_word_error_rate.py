"""Word error rate and the edit distance to each prefix of a script (the benchmarks' measures)."""

from __future__ import annotations

from interview.speech.samples import prefix_distances, word_error_rate


def test_word_error_rate_counts_substitutions_deletions_and_insertions() -> None:
    assert word_error_rate("the slow part was the query", "the slow part was the query") == 0
    assert word_error_rate("the slow part was the query", "the slow bit was query") == 2 / 6
    assert word_error_rate("Um, the query.", "the query was slow") == 3 / 3  # "um" dropped, 2 added
    assert word_error_rate("", "") == 0 and word_error_rate("", "words") == 1


def test_prefix_distances_find_how_far_a_partial_transcript_reaches() -> None:
    script = "i would start by measuring where the time goes".split()
    distances = prefix_distances(script, "i would start by measure".split())
    assert len(distances) == len(script) + 1
    assert distances[0] == 5 and distances[-1] == 5  # all inserted; 1 substituted + 4 deleted
    assert distances[4] == distances[5] == 1  # "measure": one word inserted, or one misheard
    assert distances.index(min(distances)) == 4  # the shorter of equals: a misheard last word is not reached
