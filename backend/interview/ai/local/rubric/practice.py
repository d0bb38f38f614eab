"""Practice areas and resources for the weak spots a session showed.

URLs are well-known, long-lived pages (or empty when a book has no canonical page); each resource
says which finding it addresses.
"""

from __future__ import annotations

from interview.ai.local.question_bank import role_families
from interview.ai.local.rubric import scores
from interview.ai.local.rubric.session import (
    HEAVY_FILLERS_PER_MINUTE,
    SHORT_ANSWER_WORDS,
    SessionFindings,
    questions_phrase,
)

_AREAS = {
    "star": "STAR storytelling with a stated, measurable result",
    "ownership": "Owning your part of a story ('I' versus 'we')",
    "fluency": "Fluency: replacing fillers with pauses",
    "pace": "Speaking pace in the 120–160 wpm band",
    "depth": "Complete answers of one to two minutes",
    "specificity": "Specific answers: numbers and named technologies",
    "tradeoffs": "Reasoning aloud: trade-offs and why",
    "coverage": "Covering every part of the question",
    "confidence": "Direct statements instead of hedges",
}


def area_keys(f: SessionFindings) -> list[str]:
    keys = []
    if f.no_result or f.no_action:
        keys.append("star")
    if f.fillers_per_minute is not None and f.fillers_per_minute >= HEAVY_FILLERS_PER_MINUTE:
        keys.append("fluency")
    if f.pace is not None and not (scores.PACE_LOW <= f.pace <= scores.PACE_HIGH):
        keys.append("pace")
    if f.missed_points:
        keys.append("coverage")
    if f.no_reasons and len(f.no_reasons) >= max(2, len(f.scored) // 2):
        keys.append("tradeoffs")
    if f.no_numbers and len(f.no_numbers) >= max(2, len(f.scored) // 2):
        keys.append("specificity")
    if f.short:
        keys.append("depth")
    if sum(len(h) for h in f.hedged.values()) >= 3:
        keys.append("confidence")
    if f.mostly_we:
        keys.append("ownership")
    return keys


def practice_areas(f: SessionFindings) -> list[str]:
    areas = [_AREAS[k] for k in area_keys(f)]
    family = role_families(f.report.job_title)[0]
    if f.report.interview_type == "SYSTEM_DESIGN" and "tradeoffs" not in area_keys(f):
        areas.append("System design: scaling, failure modes and consistency")
    if "technical" in f.weak_categories() and family != "general":
        areas.append(f"{family.capitalize()} fundamentals for the {f.report.job_title} role")
    if not areas:
        areas.append(
            f"Harder {f.report.interview_type.replace('_', ' ').lower()} "
            "questions: your answers are ready for them"
        )
    return areas[:6]


RESOURCES: dict[str, dict[str, str]] = {
    "star": {
        "title": "The STAR method (Situation, Task, Action, Result)",
        "url": "https://en.wikipedia.org/wiki/Situation,_task,_action,_result",
    },
    "ownership": {
        "title": "Tech Interview Handbook: behavioral interviews",
        "url": "https://www.techinterviewhandbook.org/behavioral-interview/",
    },
    "fluency": {
        "title": "Toastmasters International: practise speaking with feedback",
        "url": "https://www.toastmasters.org/",
    },
    "pace": {
        "title": "Toastmasters International: practise speaking with feedback",
        "url": "https://www.toastmasters.org/",
    },
    "confidence": {
        "title": "Tech Interview Handbook: behavioral interviews",
        "url": "https://www.techinterviewhandbook.org/behavioral-interview/",
    },
    "depth": {"title": "Tech Interview Handbook", "url": "https://www.techinterviewhandbook.org/"},
    "coverage": {"title": "Tech Interview Handbook", "url": "https://www.techinterviewhandbook.org/"},
    "specificity": {"title": "Tech Interview Handbook", "url": "https://www.techinterviewhandbook.org/"},
    "tradeoffs": {
        "title": "The System Design Primer",
        "url": "https://github.com/donnemartin/system-design-primer",
    },
}
FAMILY_RESOURCES: dict[str, dict[str, str]] = {
    "backend": {
        "title": "Designing Data-Intensive Applications (Kleppmann)",
        "url": "https://dataintensive.net/",
    },
    "frontend": {"title": "MDN Web Docs", "url": "https://developer.mozilla.org/"},
    "data": {
        "title": "Designing Data-Intensive Applications (Kleppmann)",
        "url": "https://dataintensive.net/",
    },
    "ml": {
        "title": "Google Machine Learning Crash Course",
        "url": "https://developers.google.com/machine-learning/crash-course",
    },
    "devops": {
        "title": "Google Site Reliability Engineering book",
        "url": "https://sre.google/sre-book/table-of-contents/",
    },
    "mobile": {
        "title": "Android Developers: app architecture guide",
        "url": "https://developer.android.com/topic/architecture",
    },
    "management": {"title": "The Manager's Path (Camille Fournier)", "url": ""},
    "general": {"title": "Tech Interview Handbook", "url": "https://www.techinterviewhandbook.org/"},
}
_WHY = {
    "star": "to structure stories so the result is never left out",
    "ownership": "for examples of stories that make your own contribution clear",
    "fluency": "for regular spoken practice with feedback on filler words",
    "pace": "for regular spoken practice with feedback on pace",
    "confidence": "for phrasing that states a position and then supports it",
    "depth": "for how complete interview answers are structured",
    "coverage": "for breaking a question into the parts an interviewer expects",
    "specificity": "for worked answers that use concrete figures",
    "tradeoffs": "for the trade-offs behind common design choices",
}


def resources(f: SessionFindings) -> list[dict[str, str]]:
    """Two to four resources, each with the weak spot it addresses."""
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for key in area_keys(f):
        resource = RESOURCES[key]
        if resource["title"] in seen:
            continue
        seen.add(resource["title"])
        out.append(resource | {"why": f"{_WHY[key][:1].upper()}{_WHY[key][1:]}: {_why_detail(key, f)}"})
    family = role_families(f.report.job_title)[0]
    if f.report.interview_type != "BEHAVIORAL" or not out:
        resource = FAMILY_RESOURCES[family]
        if resource["title"] not in seen:
            seen.add(resource["title"])
            out.append(resource | {"why": f"Core reading for a {f.report.job_title} interview."})
    if f.report.interview_type == "SYSTEM_DESIGN" and "The System Design Primer" not in seen:
        out.append(RESOURCES["tradeoffs"] | {"why": "Worked designs to compare with your own answers."})
    return out[:4]


def _why_detail(key: str, f: SessionFindings) -> str:
    details = {
        "star": f"{questions_phrase(f.no_result or f.no_action)} lacked part of the story.",
        "ownership": f"{questions_phrase(f.mostly_we)} said 'we' more than 'I'.",
        "fluency": f"you averaged {f.fillers_per_minute or 0:.1f} fillers a minute.",
        "pace": f"your average pace was {f.pace or 0:.0f} wpm.",
        "confidence": f"you hedged in {questions_phrase(list(f.hedged))}.",
        "depth": f"{questions_phrase(f.short)} were under {SHORT_ANSWER_WORDS} words.",
        "coverage": f"{questions_phrase(list(f.missed_points))} missed key parts of the question.",
        "specificity": f"{questions_phrase(f.no_numbers)} had no numbers.",
        "tradeoffs": f"{questions_phrase(f.no_reasons)} gave no reasons."
        if f.no_reasons
        else "system design rewards explicit trade-offs.",
    }
    return details[key]
