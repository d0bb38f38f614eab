"""How the interviewer adapts, and how a streamed question carries its metadata.

Streaming design: the model starts its reply with one tag line, `[[follow-up]]` or `[[new]]`,
then the words to speak. `TaggedQuestion` holds back the first few characters until the tag is
complete, strips it, and passes every later character straight through, so the spoken text
streams cleanly and the follow-up flag is known by the end. A reply without a tag is taken as a
new question (nothing is held back once it cannot be a tag). Difficulty is decided by the domain
(interviews.difficulty) before the call and passed in the context, so it never depends on the model
following instructions and is never adapted twice.
"""

from __future__ import annotations

from interview.ai.base import InterviewContext, NextQuestion, QuestionType

_TAGS = {"[[follow-up]]": True, "[[new]]": False}
_LONGEST_TAG = max(len(tag) for tag in _TAGS)


def follow_up_allowed(context: InterviewContext) -> bool:
    """A follow-up needs an answer to follow up on."""
    return bool(context.conversation) and not context.last_answer_skipped and context.question_number > 1


class TaggedQuestion:
    """Strips the leading tag line from a stream of text pieces."""

    def __init__(self) -> None:
        self._head = ""
        self._decided = False
        self.is_follow_up = False
        self._text: list[str] = []

    def feed(self, piece: str) -> str:
        """The part of `piece` that can be spoken now ("" while the tag may still be arriving)."""
        if self._decided:
            return self._emit(piece)
        self._head += piece
        stripped = self._head.lstrip()
        for tag, follow_up in _TAGS.items():
            if stripped.lower().startswith(tag):
                self._decided, self.is_follow_up = True, follow_up
                return self._emit(stripped[len(tag) :].lstrip())
        if any(tag.startswith(stripped.lower()) for tag in _TAGS) and len(stripped) < _LONGEST_TAG:
            return ""
        self._decided = True
        return self._emit(stripped)

    def finish(self) -> str:
        """Whatever was held back when the stream ended (a lone partial tag is dropped)."""
        if self._decided:
            return ""
        self._decided = True
        stripped = self._head.strip()
        return "" if any(tag.startswith(stripped.lower()) for tag in _TAGS) else self._emit(stripped)

    def _emit(self, text: str) -> str:
        if not self._text:
            text = text.lstrip()  # the newline after the tag is not speech
            if not text:
                return ""
        self._text.append(text)
        return text

    @property
    def text(self) -> str:
        return "".join(self._text).strip()


def question_type(context: InterviewContext, is_follow_up: bool) -> QuestionType:
    if is_follow_up:
        return "FOLLOW_UP"
    return "BEHAVIORAL" if context.interview_type == "BEHAVIORAL" else "TECHNICAL"


def tagged_question(
    context: InterviewContext, tagged: TaggedQuestion, model: str, version: str
) -> NextQuestion:
    """The NextQuestion for a finished stream."""
    follow_up = tagged.is_follow_up and follow_up_allowed(context)
    return NextQuestion(
        text=tagged.text,
        question_type=question_type(context, follow_up),
        difficulty=context.difficulty,
        is_follow_up=follow_up,
        model=model,
        prompt_version=version,
    )
