"""The interviewer's follow-up comes from the evaluation of the answer just given, not the one before."""

from __future__ import annotations

from functools import cache

from interview.speech.encode import encode_pcm
from interview.speech.samples import AnswerScript, speak_script
from interview.speech.types import SAMPLE_RATE, VoiceProfile

from tests.graphql_client import GraphQLClient
from tests.interviews.helpers import _piper, interview_with_question, result_of

SUBMIT = """
mutation($s: ID!, $a: Upload!, $n: Int!) {
  submitAnswer(sessionId: $s, audio: $a, sequenceNumber: $n) {
    transcript { text }
    evaluation { star { hasSituation hasTask hasAction hasResult } }
    interviewerResponse { question { questionText isFollowUp } }
  }
}
"""

STORY_WITHOUT_A_RESULT = AnswerScript(
    sentences=[
        "Last year our team missed a release because two services disagreed on a schema.",
        "I was responsible for getting both teams to agree on one contract.",
        "I set up a meeting, wrote a shared document and added a test that checks both services.",
    ],
    silences_after=[0.6, 0.6],
    leading_seconds=0.4,
    trailing_seconds=0.4,
    voice=VoiceProfile(name="candidate"),
)


@cache
def _story_without_a_result() -> bytes:
    sample = speak_script(_piper(), STORY_WITHOUT_A_RESULT)
    return encode_pcm(sample.samples, SAMPLE_RATE, "webm")


async def test_a_story_without_its_result_is_asked_for_the_result(client: GraphQLClient) -> None:
    interview = await interview_with_question(client, interview_type="BEHAVIORAL")
    response = await client.upload(
        SUBMIT,
        {"s": interview.session_id, "n": 1},
        "a",
        _story_without_a_result(),
        token=interview.account.token,
    )
    result = result_of(response)
    assert result["evaluation"]["star"]["hasResult"] is False, result["transcript"]["text"]
    follow_up = result["interviewerResponse"]["question"]
    assert follow_up["isFollowUp"] is True
    assert "result" in follow_up["questionText"].lower()
