"""graphql-transport-ws message text: the same JSON as encoding each message, payloads encoded once."""

from __future__ import annotations

import json

from interview.graphql.text_frames import EncodedPayloads, encode_text, message_text


def test_a_shared_payload_is_encoded_once_and_framed_per_subscriber() -> None:
    payloads = EncodedPayloads()
    data = {"interviewEvents": {"__typename": "QuestionAsked", "text": 'Tell me — "why"?', "n": 2**70}}
    texts = [
        message_text({"id": operation, "type": "next", "payload": {"data": data}}, payloads)
        for operation in ("a", 'b"quoted', "a")
    ]
    assert payloads.encoded == 1
    for operation, text in zip(("a", 'b"quoted', "a"), texts, strict=True):
        assert isinstance(text, str)
        assert json.loads(text) == {"id": operation, "type": "next", "payload": {"data": data}}
    other = {"interviewEvents": {"__typename": "QuestionAsked"}}
    message_text({"id": "a", "type": "next", "payload": {"data": other}}, payloads)
    assert payloads.encoded == 2  # an equal-looking but distinct object is encoded for itself


def test_other_messages_are_encoded_whole() -> None:
    payloads = EncodedPayloads()
    for message in (
        {"type": "connection_ack"},
        {"type": "pong"},
        {"id": "1", "type": "complete"},
        {"id": "1", "type": "error", "payload": [{"message": "no", "extensions": {"code": "NOT_FOUND"}}]},
        {"id": "1", "type": "next", "payload": {"data": None, "errors": [{"message": "x"}]}},
    ):
        text = message_text(message, payloads)
        assert text == encode_text(message) and json.loads(text) == message
    assert payloads.encoded == 0


def test_the_cache_is_bounded() -> None:
    payloads = EncodedPayloads(size=2)
    kept = [{"n": n} for n in range(3)]
    for data in kept:
        payloads.text_of(data)
    payloads.text_of(kept[0])  # evicted by the third: encoded again
    assert payloads.encoded == 4
