"""Prompt files and their loader, the strict schemas, and the interviewer's adaptation rules."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from interview.ai.base import Evaluation, StarFlags
from interview.ai.prompts import load_prompt
from interview.ai.prompts.messages import evaluation_messages, interviewer_messages, report_messages
from interview.ai.prompts.questioning import TaggedQuestion, follow_up_allowed, tagged_question
from interview.ai.schemas import EvaluationOutput, ReportOutput, strict_json_schema

from tests.ai.conftest import evaluation_request, interview_context, report_input


@pytest.mark.parametrize(
    ("name", "latest"), [("evaluator", 2), ("interviewer", 3), ("report", 1), ("tts_reader", 1), ("stt", 1)]
)
def test_every_prompt_loads_with_its_version(name: str, latest: int) -> None:
    text, version = load_prompt(name)

    assert text and version == f"{name}.v{latest}"


def test_an_unknown_prompt_or_version_is_an_error() -> None:
    with pytest.raises(LookupError):
        load_prompt("nothing")
    with pytest.raises(LookupError, match="no version 9"):
        load_prompt("evaluator", 9)


def test_rendered_prompts_leave_no_placeholder() -> None:
    for messages in (
        evaluation_messages(evaluation_request()),
        interviewer_messages(interview_context()),
        report_messages(report_input()),
    ):
        assert "$" not in messages.system and "$" not in messages.user


@pytest.mark.parametrize("model", [EvaluationOutput, ReportOutput])
def test_strict_schema_is_closed_and_self_contained(
    model: type[EvaluationOutput] | type[ReportOutput],
) -> None:
    schema = strict_json_schema(model)
    text = json.dumps(schema)

    assert "$ref" not in text and "$defs" not in text and '"title"' not in text

    def check(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object":
                assert node["additionalProperties"] is False
                assert sorted(node["required"]) == sorted(node["properties"])
            for value in node.values():
                check(value)
        elif isinstance(node, list):
            for value in node:
                check(value)

    check(schema)


def _evaluation(overall: float) -> Evaluation:
    return Evaluation(
        overall,
        overall,
        overall,
        overall,
        overall,
        "",
        "",
        "",
        "",
        StarFlags(True, True, True, True),
        "",
        [],
        5.0,
        [],
        "m",
        "v",
    )


@pytest.mark.parametrize("difficulty", ["EASY", "MEDIUM", "HARD"])
def test_the_domain_decides_the_difficulty_and_the_prompt_keeps_it(difficulty: str) -> None:
    """Adapting happens once, in interviews.difficulty; the cloud prompt must not move it again."""
    context = interview_context(difficulty=difficulty, last_evaluation=_evaluation(9.5))
    tagged = TaggedQuestion()
    tagged.feed("[[new]] Tell me about a design you would change.")
    assert tagged_question(context, tagged, "model", "v1").difficulty == difficulty


def test_no_follow_up_on_the_first_question_or_after_a_skip() -> None:
    assert follow_up_allowed(interview_context())
    assert not follow_up_allowed(interview_context(question_number=1, conversation=[]))
    assert not follow_up_allowed(interview_context(last_answer_skipped=True))


@pytest.mark.parametrize(
    ("pieces", "spoken", "follow_up"),
    [
        (["[[fol", "low-up]]", "\n", "Could", " you"], ["Could", " you"], True),
        (["[[new]]\nWhat", " is"], ["What", " is"], False),
        (["  [[NEW]] ", " Hi"], ["Hi"], False),
        (["What is", " a heap?"], ["What is", " a heap?"], False),
        (["[", "[new", "]]"], [], False),
        (["[Note] ", "tricky"], ["[Note] ", "tricky"], False),
    ],
)
def test_tag_line_is_stripped_from_the_stream(pieces: list[str], spoken: list[str], follow_up: bool) -> None:
    tagged = TaggedQuestion()

    out = [text for piece in pieces if (text := tagged.feed(piece))]
    if rest := tagged.finish():
        out.append(rest)

    assert out == spoken
    assert tagged.is_follow_up is follow_up
    assert tagged.text == "".join(spoken).strip()


def test_report_messages_cover_every_answer() -> None:
    messages = report_messages(replace(report_input(), persona_name="Grace Hopper"))

    assert "Grace Hopper" in messages.system and messages.version == "report.v1"
    assert "Q1: How would you design a rate limiter?" in messages.user
    assert "182 words per minute" in messages.user


@pytest.mark.parametrize("size", [1, 2, 3, 5, 13, 1000])
def test_the_question_marker_splits_the_lead_in_off_however_the_text_arrives(size: int) -> None:
    reply = "[[new]]\nHello, I'm Ada. Welcome!\n[[question]]\nHow would you shard [a] table?"
    tagged = TaggedQuestion()
    spoken = [tagged.feed(reply[i : i + size]) for i in range(0, len(reply), size)]
    spoken.append(tagged.finish())
    assert "".join(spoken) == tagged.text
    assert "[[" not in tagged.text and "How would you shard [a] table?" in tagged.text
    assert tagged.lead_in == "Hello, I'm Ada. Welcome!"
    question = tagged_question(interview_context(question_number=1), tagged, "m", "v")
    assert (question.lead_in, question.question) == (tagged.lead_in, "How would you shard [a] table?")


def test_a_reply_without_the_marker_is_all_question() -> None:
    tagged = TaggedQuestion()
    tagged.feed("[[new]]\nHow would you shard a table? [[")
    tagged.finish()
    assert tagged.lead_in == "" and tagged.text == "How would you shard a table? [["
