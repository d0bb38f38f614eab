"""How the interviewer adapts, and how a streamed question carries its metadata.

Streaming design: the model starts its reply with one tag line, `[[follow-up]]` or `[[new]]`,
then the words to speak. `TaggedQuestion` holds back the first few characters until the tag is
complete, strips it, and passes every later character straight through, so the spoken text
streams cleanly and the follow-up flag is known by the end. A reply without a tag is taken as a
new question (nothing is held back once it cannot be a tag). Difficulty is decided by the domain
(interviews.difficulty) before the call and passed in the context, so it never depends on the model
following instructions and is never adapted twice.

Whatever the interviewer says before the question proper (a greeting, a thank-you) comes before a
`[[question]]` line; it is streamed and spoken like the rest, but kept as the question's lead-in
(`NextQuestion.lead_in`) so the question is stored and shown without it. A reply with no marker
is all question.
"""

from __future__ import annotations

from interview.ai.base import InterviewContext, NextQuestion, QuestionType

_TAGS = {"[[follow-up]]": True, "[[new]]": False}
_LONGEST_TAG = max(len(tag) for tag in _TAGS)
QUESTION_MARKER = "[[question]]"


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
        self._held = ""
        """Text after the tag that may be the start of the question marker."""
        self.lead_in = ""
        """What was said before the question marker ("" when there was none)."""
        self._marked = False

    def feed(self, piece: str) -> str:
        """The part of `piece` that can be spoken now ("" while the tag may still be arriving)."""
        if self._decided:
            return self._body(piece)
        self._head += piece
        stripped = self._head.lstrip()
        for tag, follow_up in _TAGS.items():
            if stripped.lower().startswith(tag):
                self._decided, self.is_follow_up = True, follow_up
                return self._body(stripped[len(tag) :].lstrip())
        if any(tag.startswith(stripped.lower()) for tag in _TAGS) and len(stripped) < _LONGEST_TAG:
            return ""
        self._decided = True
        return self._body(stripped)

    def finish(self) -> str:
        """Whatever was held back when the stream ended (a lone partial tag is dropped)."""
        if self._decided:
            held, self._held = self._held, ""
            return self._emit(held) if held else ""
        self._decided = True
        stripped = self._head.strip()
        return "" if any(tag.startswith(stripped.lower()) for tag in _TAGS) else self._body(stripped)

    def _body(self, piece: str) -> str:
        """Pass text after the tag through, cutting out the question marker and noting the lead-in."""
        if self._marked:
            return self._emit(piece)
        pending = self._held + piece
        self._held = ""
        at = pending.lower().find(QUESTION_MARKER)
        if at >= 0:
            before, after = pending[:at], pending[at + len(QUESTION_MARKER) :].lstrip()
            spoken = self._emit(before) if before.strip() else ""
            self.lead_in = "".join(self._text).strip()
            self._marked = True
            if spoken and not spoken[-1].isspace() and after:
                after = " " + after
            return spoken + (self._emit(after) if after else "")
        keep = _marker_prefix_length(pending.lower())
        self._held = pending[len(pending) - keep :] if keep else ""
        ready = pending[: len(pending) - keep]
        return self._emit(ready) if ready else ""

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


def _marker_prefix_length(text: str) -> int:
    """How many characters at the end of `text` could begin the question marker."""
    for length in range(min(len(text), len(QUESTION_MARKER) - 1), 0, -1):
        if QUESTION_MARKER.startswith(text[-length:]):
            return length
    return 0


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
        lead_in=tagged.lead_in,
    )
