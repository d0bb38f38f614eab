"""The printable report: one self-contained HTML page, and the pieces the PDF (`report_pdf`) shares.

It is rendered from the stored report alone (`report_json` holds every question, answer, score and
piece of feedback), so the download always matches what the API shows.
Every value is escaped: answers are user text.
"""

from __future__ import annotations

from html import escape
from typing import Any

from interview.ai.base import SCORED_CATEGORIES
from interview.interviews.report_percentile import MIN_SAMPLE, Percentile
from interview.interviews.stored import json_value

_STYLE = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330;
       max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2rem;
     border-bottom: 1px solid #d5d9e0; } h3 { font-size: 1rem; margin-bottom: .3rem; }
.muted { color: #5b6475; }
.scores { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .5rem; }
.score { border: 1px solid #d5d9e0; border-radius: 6px; padding: .5rem .75rem; }
.score b { display: block; font-size: 1.4rem; } .question { break-inside: avoid; margin: 1.2rem 0;
         padding: .75rem 1rem; border-left: 3px solid #7a8aa8; background: #f6f7f9; }
.skipped { border-left-color: #c9a227; } blockquote { margin: .4rem 0; font-style: italic; }
table { border-collapse: collapse; } td { padding: .1rem .8rem .1rem 0; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; } a { color: inherit; text-decoration: none; }
  .question { background: none; } h2 { break-after: avoid; } @page { margin: 18mm 16mm; }
}
"""


def _e(value: Any) -> str:
    return escape("" if value is None else str(value))


def _score(value: Any) -> str:
    return "–" if value is None else f"{float(value):.1f}"


def _list(title: str, items: list[Any]) -> str:
    if not items:
        return ""
    lis = "".join(f"<li>{_e(item)}</li>" for item in items)
    return f"<h2>{_e(title)}</h2><ul>{lis}</ul>"


def _resources(resources: list[Any]) -> str:
    items = []
    for resource in resources:
        if not isinstance(resource, dict):
            items.append(f"<li>{_e(resource)}</li>")
            continue
        title = _e(resource.get("title"))
        url = str(resource.get("url") or "")
        link = f'<a href="{_e(url)}">{title}</a>' if url.startswith(("https://", "http://")) else title
        why = f" — {_e(resource.get('why'))}" if resource.get("why") else ""
        items.append(f"<li>{link}{why}</li>")
    return f"<h2>Resources</h2><ul>{''.join(items)}</ul>" if items else ""


def _question(item: dict[str, Any]) -> str:
    head = f"<h3>Q{_e(item.get('sequenceNumber'))}. {_e(item.get('question'))}</h3>"
    if item.get("skipped"):
        return f'<div class="question skipped">{head}<p class="muted">Skipped.</p></div>'
    answer = item.get("answer")
    if answer is None:
        return f'<div class="question">{head}<p class="muted">No answer recorded.</p></div>'
    parts = [head, f"<blockquote>{_e(answer.get('text'))}</blockquote>"]
    feedback = item.get("feedback")
    if feedback:
        scores = feedback.get("scores", {})
        parts.append(
            "<p><b>Scores</b> — "
            + ", ".join(
                f"{name} {_score(scores.get(key))}"
                for name, key in (
                    ("overall", "overall"),
                    ("technical", "technical"),
                    ("clarity", "clarity"),
                    ("confidence", "confidence"),
                    ("behavioral", "behavioral"),
                )
            )
            + "</p>"
        )
        if feedback.get("summary"):
            parts.append(f"<p>{_e(feedback['summary'])}</p>")
        suggestions = feedback.get("improvementSuggestions") or []
        if suggestions:
            parts.append("<ul>" + "".join(f"<li>{_e(s)}</li>" for s in suggestions) + "</ul>")
    metrics = answer.get("voiceMetrics")
    if metrics:
        parts.append(
            f'<p class="muted">Delivery: {_score(metrics.get("speechPace"))} words/min, '
            f"{_e(metrics.get('fillerWordCount'))} filler words, {_e(metrics.get('pauseCount'))} pauses.</p>"
        )
    return f'<div class="question">{"".join(parts)}</div>'


def rank_sentence(report: dict[str, Any], percentile: Percentile) -> str:
    """Where this interview stands among its peers, in words (the page, the PDF and the SPA say the
    same): before there are enough to rank against, how many there are, never a bare "0"."""
    kind = str(report["interview_type"]).lower().replace("_", " ")
    others = percentile.compared_to
    if report["overall_score"] is None:
        return "not ranked: no answer in this interview was scored"
    if percentile.rank is not None:
        return f"better than {percentile.rank}% of {others} other {kind} interviews"
    if others == 0:
        return (
            f"not ranked yet: the first {kind} interview with a score, nothing to compare it with "
            f"(ranks appear once {MIN_SAMPLE} others have a score)"
        )
    have = f"1 other {kind} interview has" if others == 1 else f"{others} other {kind} interviews have"
    return f"not ranked yet: only {have} a score so far (ranks appear once there are {MIN_SAMPLE})"


def score_boxes(report: dict[str, Any]) -> list[tuple[str, str]]:
    """The overall score and the categories that count for this interview type, formatted."""
    return [
        ("Overall", _score(report["overall_score"])),
        *(
            (category.capitalize(), _score(report[f"avg_{category}_score"]))
            for category in SCORED_CATEGORIES[report["interview_type"]]
        ),
    ]


def facts(report: dict[str, Any]) -> list[tuple[str, str]]:
    """The interview's figures as label and text."""
    return [
        ("Questions answered", str(report["questions_answered"])),
        ("Questions skipped", str(report["questions_skipped"])),
        ("Speaking time", f"{report['total_speaking_time_seconds']} s"),
        ("Average pace", f"{_score(report['avg_speech_pace'])} words/min"),
        ("Filler words", str(report["total_filler_words"])),
        ("Average answer length", f"{_score(report['avg_response_time_seconds'])} s"),
    ]


def render_report_html(report: dict[str, Any], percentile: Percentile) -> str:
    """The whole report page; `report` is a `reports` row."""
    document = json_value(report["report_json"]) or {}
    session = document.get("session", {})
    rank = _e(rank_sentence(report, percentile))
    boxes = "".join(
        f'<div class="score"><span class="muted">{label}</span><b>{value}</b></div>'
        for label, value in score_boxes(report)
    )
    facts_rows = "".join(
        f"<tr><td class='muted'>{label}</td><td>{_e(value)}</td></tr>" for label, value in facts(report)
    )
    persona = session.get("persona", {})
    body = [
        f"<h1>Interview report: {_e(session.get('jobTitle'))}</h1>",
        f'<p class="muted">{_e(session.get("interviewType"))} · {_e(session.get("difficulty"))} · '
        f"with {_e(persona.get('name'))} · {_e(session.get('startTime', ''))[:10]} · {rank}</p>",
        f'<div class="scores">{boxes}</div>',
        f"<table>{facts_rows}</table>",
        _list("Strengths", json_value(report["strengths"]) or []),
        _list("Weaknesses", json_value(report["weaknesses"]) or []),
        _list("Key highlights", json_value(report["key_highlights"]) or []),
        _list("Improve right away", json_value(report["immediate_improvements"]) or []),
        _list("Practice areas", json_value(report["practice_areas"]) or []),
        _resources(json_value(report["resources_recommended"]) or []),
        "<h2>Question by question</h2>",
        *(_question(item) for item in document.get("questions", [])),
        f'<p class="muted">Written by {_e(report["generator_model"])} on {_e(report["created_at"])}.</p>',
    ]
    title = f"Interview report — {_e(session.get('jobTitle'))}"
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f"<title>{title}</title><style>{_STYLE}</style></head><body>{''.join(body)}</body></html>"
    )
