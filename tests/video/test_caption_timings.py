"""Captions and markers from the recognised word timings the answer turn stores, and the estimate
from the speech stretches when there are none (cloud speech-to-text)."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from interview.db.tables import Transcript
from interview.interviews.video_timeline import TimedWord, answer_words, timed_words

from tests.graphql_client import GraphQLClient
from tests.interviews.helpers import interview_with_question, result_of, submit
from tests.video.recordings import answer_video, chunks

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

CAPTIONS = "query($id: ID!) { session(id: $id) { transcripts { speaker captionsUrl } } }"


def test_stored_timings_are_used_word_for_word() -> None:
    stored = [["so", 400, 600], ["I", 650, 700], ["cached", 690, 1100]]  # one overlap, as models do
    words = answer_words("So I cached.", stored, [(0, 5000)])
    assert words == [TimedWord("So", 400, 600), TimedWord("I", 650, 700), TimedWord("cached.", 700, 1100)]


def test_timings_that_do_not_match_the_text_fall_back_to_the_speech_stretches() -> None:
    speech = [(1000, 2000), (4000, 5000)]
    assert answer_words("So I cached it.", [["so", 0, 10]], speech) == timed_words("So I cached it.", speech)
    assert answer_words("So I cached it.", None, speech) == timed_words("So I cached it.", speech)


async def test_a_spoken_answer_stores_its_word_timings_and_its_video_captions_use_them(
    client: GraphQLClient,
) -> None:
    interview = await interview_with_question(client)
    answer = result_of(await submit(interview, 1))["transcript"]
    row = (
        await Transcript.select(Transcript.text, Transcript.word_timings)
        .where(Transcript.id == answer["id"])
        .first()
    )
    assert row is not None
    timings = json.loads(row["word_timings"])
    assert len(timings) == len(row["text"].split()) >= 10
    starts = [start for _, start, _ in timings]
    assert starts == sorted(starts) and all(end > start for _, start, end in timings)
    assert [word for word, _, _ in timings][:3] == row["text"].split()[:3]

    auth = {"authorization": f"Bearer {interview.account.token}"}
    for index, piece in enumerate(chunks(answer_video())):
        sent = await client.http.put(
            f"/uploads/video/{interview.session_id}/1/chunks/{index}", content=piece, headers=auth
        )
        assert sent.status_code == 200, sent.text
    finished = await client.http.post(f"/uploads/video/{interview.session_id}/1/finish", headers=auth)
    assert finished.status_code == 200, finished.text

    data = await client.data(CAPTIONS, {"id": interview.session_id}, interview.account.token)
    url = next(t["captionsUrl"] for t in data["session"]["transcripts"] if t["speaker"] == "USER")
    captions = (await client.http.get(urlsplit(url).path)).text
    first_cue = captions.splitlines()[2]
    first_start_ms = timings[0][1]
    seconds, millis = divmod(first_start_ms, 1000)
    assert first_cue.startswith(f"00:00:{seconds:02d}.{millis:03d} --> "), captions
