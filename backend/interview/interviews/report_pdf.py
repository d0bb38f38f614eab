"""The downloadable report as a PDF, rendered on the server with fpdf2 (pure Python).

Same content as the printable page (`report_html`): header, the scores that count for the interview
type, the figures, strengths to resources, then question by question. fpdf2 needs no system
libraries; its built-in fonts are Latin-1 only, so text is set in DejaVu Sans from Debian's
`fonts-dejavu-core` (answers are user text in any script DejaVu covers).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from interview.ai.base import SCORED_CATEGORIES
from interview.interviews.report_html import facts, rank_sentence, score_boxes
from interview.interviews.report_percentile import Percentile
from interview.interviews.stored import json_value
from interview.interviews.third_person import about_the_candidate

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
"""Where Debian's fonts-dejavu-core puts DejaVu Sans (`make system-deps` installs it)."""

_FAMILY = "DejaVu"
_INK = (29, 35, 48)
_MUTED = (91, 100, 117)
Say = Callable[[str], str]
"""How the written feedback reaches its reader: as written (the owner), or of "the candidate"."""


class _Report(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.set_margins(16, 18, 16)
        self.set_auto_page_break(True, margin=18)
        faces = (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf"), ("I", "DejaVuSans-Oblique.ttf"))
        for style, file in faces:
            self.add_font(_FAMILY, style, str(FONT_DIR / file))
        self.set_title(title)
        self.set_creator("Mock Interview")

    def footer(self) -> None:
        self.set_y(-12)
        self.text_style(8, muted=True)
        self.cell(0, 5, f"Page {self.page_no()}", align="C")

    def text_style(self, size: float, style: str = "", muted: bool = False) -> None:
        self.set_font(_FAMILY, style, size)
        self.set_text_color(*(_MUTED if muted else _INK))

    def paragraph(self, text: str, size: float = 10.5, style: str = "", muted: bool = False) -> None:
        self.text_style(size, style, muted)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def heading(self, text: str) -> None:
        self.ln(4)
        self.paragraph(text, 13, "B")
        self.set_draw_color(213, 217, 224)
        self.line(self.l_margin, self.get_y() + 0.5, self.w - self.r_margin, self.get_y() + 0.5)
        self.ln(2)

    def bullets(self, title: str, items: list[Any], say: Say) -> None:
        if not items:
            return
        self.heading(title)
        for item in items:
            self.paragraph(f"•  {say(_text(item))}")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _score(value: Any) -> str:
    return "–" if value is None else f"{float(value):.1f}"


def _resource(resource: Any, say: Say) -> str:
    if not isinstance(resource, dict):
        return say(_text(resource))
    parts = [_text(resource.get("title"))]
    if resource.get("url"):
        parts.append(f"({resource['url']})")
    if resource.get("why"):
        parts.append(f"— {say(_text(resource['why']))}")
    return " ".join(parts)


def _question(pdf: _Report, item: dict[str, Any], categories: tuple[str, ...], say: Say) -> None:
    pdf.ln(2)
    pdf.paragraph(f"Q{_text(item.get('sequenceNumber'))}. {_text(item.get('question'))}", 11, "B")
    if item.get("skipped"):
        pdf.paragraph("Skipped.", muted=True)
        return
    answer = item.get("answer")
    if answer is None:
        pdf.paragraph("No answer recorded.", muted=True)
        return
    pdf.paragraph(f"“{_text(answer.get('text'))}”", style="I")
    feedback = item.get("feedback")
    if feedback:
        scores = feedback.get("scores", {})
        # Only the categories that count for the interview type, as in the boxes at the top.
        pdf.paragraph("Scores — " + ", ".join(f"{name} {_score(scores.get(name))}" for name in categories))
        if feedback.get("summary"):
            pdf.paragraph(say(_text(feedback["summary"])))
        for suggestion in feedback.get("improvementSuggestions") or []:
            pdf.paragraph(f"•  {say(_text(suggestion))}")
    metrics = answer.get("voiceMetrics")
    if metrics:
        pdf.paragraph(
            f"Delivery: {_score(metrics.get('speechPace'))} words/min, "
            f"{_text(metrics.get('fillerWordCount'))} filler words, "
            f"{_text(metrics.get('pauseCount'))} pauses.",
            muted=True,
        )


def render_report_pdf(report: dict[str, Any], percentile: Percentile, *, shared: bool = False) -> bytes:
    """The whole report as PDF bytes; `report` is a `reports` row. `shared`: for a share link's
    reader, so the written feedback speaks of "the candidate" (the answers are quoted as said)."""
    say: Say = about_the_candidate if shared else str
    categories = ("overall", *SCORED_CATEGORIES[report["interview_type"]])
    document = json_value(report["report_json"]) or {}
    session = document.get("session", {})
    pdf = _Report(f"Interview report — {_text(session.get('jobTitle'))}")
    pdf.add_page()
    pdf.paragraph(f"Interview report: {_text(session.get('jobTitle'))}", 18, "B")
    persona = session.get("persona", {})
    pdf.paragraph(
        f"{_text(session.get('interviewType'))} · {_text(session.get('difficulty'))} · "
        f"with {_text(persona.get('name'))} · {_text(session.get('startTime', ''))[:10]} · "
        f"{rank_sentence(report, percentile)}",
        muted=True,
    )
    pdf.ln(3)
    boxes = score_boxes(report)
    width = (pdf.w - pdf.l_margin - pdf.r_margin) / len(boxes)
    pdf.set_draw_color(213, 217, 224)
    top = pdf.get_y()
    for index, (label, value) in enumerate(boxes):
        x = pdf.l_margin + index * width
        pdf.rect(x, top, width - 2, 16)
        pdf.set_xy(x + 2, top + 1.5)
        pdf.text_style(8.5, muted=True)
        pdf.cell(width - 6, 4, label)
        pdf.set_xy(x + 2, top + 6.5)
        pdf.text_style(15, "B")
        pdf.cell(width - 6, 7, value)
    pdf.set_xy(pdf.l_margin, top + 19)
    for label, value in facts(report):
        pdf.text_style(10, muted=True)
        pdf.cell(48, 5.5, label)
        pdf.text_style(10)
        pdf.cell(0, 5.5, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.bullets("Strengths", json_value(report["strengths"]) or [], say)
    pdf.bullets("Weaknesses", json_value(report["weaknesses"]) or [], say)
    pdf.bullets("Key highlights", json_value(report["key_highlights"]) or [], say)
    pdf.bullets("Improve right away", json_value(report["immediate_improvements"]) or [], say)
    pdf.bullets("Practice areas", json_value(report["practice_areas"]) or [], say)
    resources = json_value(report["resources_recommended"]) or []
    pdf.bullets("Resources", [_resource(r, say) for r in resources], str)
    pdf.heading("Question by question")
    for item in document.get("questions", []):
        _question(pdf, item, categories, say)
    pdf.ln(4)
    written = f"Written by {_text(report['generator_model'])} on {_text(report['created_at'])}."
    pdf.paragraph(written, 9, muted=True)
    return bytes(pdf.output())
