"""Tailoring benchmark: how many of the first 5 offline questions are on-topic for a job posting,
tailored (the posting pasted) against untailored (job title only).

For each of the 20 postings in bench/tailoring_postings.json (written for this bench: backend,
frontend, data, ML, SRE/platform/security, mobile, management and product roles), the offline
interviewer (QuestionBankInterviewer, the real one) asks 5 questions with the posting and 5 without
it. Each answer is a neutral sentence and no evaluation is given, so no follow-ups: 5 new questions.

The judge: a question is on-topic for a posting when its embedding is close to the posting's. Only
the question itself is judged (the bank or template text as asked: no greeting, no transition, no
"This one connects to X in the posting." bridge, which would flatter the tailored side). The posting
is the normalised mean of its sentence embeddings (all-MiniLM-L6-v2), a different aggregation from
the interviewer's top-3 sentence match, so the judge does not simply replay the ranking.

The threshold is calibrated, not picked: it is the 95th percentile of the similarity between every
question asked here (both modes) and the postings of OTHER role families (a backend question against
a product posting). A question counts as on-topic when it is closer to its posting than 95% of
off-topic pairs are: a 5% false-positive rate by construction. The script prints the threshold.

Caveat: the judge uses the same embedding model as the interviewer (the only one shipped), so it
measures "what this model calls on-topic"; the printed questions let a person check the figure.

Target: tailored on-topic share >= 2x the untailored share. The script also names the postings for
which at most one tailored question is on-topic: where the bank should grow next.

    .venv/bin/python bench/tailoring.py [--types TECHNICAL BEHAVIORAL SYSTEM_DESIGN] [--show]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from pathlib import Path

import numpy as np
from interview.ai.base import ConversationTurn, InterviewContext, InterviewType, NextQuestion, PersonaProfile
from interview.ai.local.embeddings import default_encoder
from interview.ai.local.interviewer import QuestionBankInterviewer
from interview.ai.local.posting import posting_sentences
from interview.ai.local.question_bank import find_by_text, load_bank
from interview.ai.local.rubric.text import sentences
from interview.settings import Settings
from interview.speech.types import VoiceProfile

POSTINGS = Path(__file__).with_name("tailoring_postings.json")
QUESTIONS = 5
OFF_TOPIC_PERCENTILE = 95
PERSONA = PersonaProfile("Alex Morgan", "Senior Engineer", "neutral", "", VoiceProfile("joe"))
ANSWER = "I would start by clarifying the goal, then explain what I did and what happened."


async def first_questions(
    interviewer: QuestionBankInterviewer, title: str, posting: str | None, kind: InterviewType
) -> list[str]:
    """The core text of the first QUESTIONS questions (what the judge reads)."""
    bank = load_bank()
    conversation: list[ConversationTurn] = []
    asked: list[str] = []
    cores: list[str] = []
    for number in range(1, QUESTIONS + 1):
        context = InterviewContext(
            persona=PERSONA,
            job_title=title,
            interview_type=kind,
            difficulty="MEDIUM",
            question_number=number,
            total_questions=8,
            conversation=list(conversation),
            last_evaluation=None,
            asked_bank_ids=list(asked),
            session_seed=f"bench|{title}",
            job_description=posting,
        )
        question = next(
            i for i in [i async for i in interviewer.stream_question(context)] if isinstance(i, NextQuestion)
        )
        match = find_by_text(question.text, bank)
        assert match is not None and question.bank_id is not None, question.text
        # The question proper: as many trailing sentences as the bank text (or template) has.
        cores.append(" ".join(sentences(question.text)[-len(sentences(match[0].text)) :]))
        asked.append(question.bank_id)
        conversation += [
            ConversationTurn("AI", 2 * number - 1, question.text),
            ConversationTurn("USER", 2 * number, ANSWER),
        ]
    return cores


def posting_vector(posting: str) -> np.ndarray:
    vectors = default_encoder().encode(list(posting_sentences(posting)))
    mean = vectors.mean(axis=0)
    return mean / np.linalg.norm(mean)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--types", nargs="+", default=["TECHNICAL"], choices=["TECHNICAL", "BEHAVIORAL", "SYSTEM_DESIGN"]
    )
    parser.add_argument("--show", action="store_true", help="print every question asked")
    args = parser.parse_args()
    postings = json.loads(POSTINGS.read_text(encoding="utf-8"))
    interviewer = QuestionBankInterviewer(Settings(_env_file=None))
    started = time.perf_counter()
    runs: list[tuple[int, str, str, list[str]]] = []  # posting index, type, mode, cores
    for i, item in enumerate(postings):
        for kind in args.types:
            for mode, posting in (("untailored", None), ("tailored", item["posting"])):
                cores = await first_questions(interviewer, item["job_title"], posting, kind)
                runs.append((i, kind, mode, cores))
    elapsed = time.perf_counter() - started

    encoder = default_encoder()
    targets = np.vstack([posting_vector(p["posting"]) for p in postings])
    core_vectors = {id(cores): encoder.encode(cores) for _, _, _, cores in runs}
    off_topic = [
        float(v @ targets[j])
        for i, _, _, cores in runs
        for v in core_vectors[id(cores)]
        for j, other in enumerate(postings)
        if other["family"] != postings[i]["family"]
    ]
    threshold = float(np.percentile(off_topic, OFF_TOPIC_PERCENTILE))

    print(
        f"judge threshold: cosine >= {threshold:.3f} (the {OFF_TOPIC_PERCENTILE}th percentile of "
        f"{len(off_topic)} question-posting pairs of different role families; "
        f"median {statistics.median(off_topic):.3f})"
    )
    print(f"{len(runs) * QUESTIONS} questions in {elapsed:.1f} s (not a timing benchmark)\n")
    header = f"{'posting':<28} {'type':<13} {'untailored':>10} {'tailored':>9}  mean sim (u / t)"
    print(header)
    print("-" * len(header))
    totals = {"untailored": [0, 0], "tailored": [0, 0]}
    by_key: dict[tuple[int, str], dict[str, tuple[int, float]]] = {}
    for i, kind, mode, cores in runs:
        sims = core_vectors[id(cores)] @ targets[i]
        on = int((sims >= threshold).sum())
        totals[mode][0] += on
        totals[mode][1] += len(cores)
        by_key.setdefault((i, kind), {})[mode] = (on, float(sims.mean()))
        if args.show:
            for core, sim in zip(cores, sims, strict=True):
                print(f"    [{mode[0]}] {sim:.2f} {'ON ' if sim >= threshold else 'off'} {core}")
    for (i, kind), modes in by_key.items():
        (u_on, u_sim), (t_on, t_sim) = modes["untailored"], modes["tailored"]
        title = postings[i]["job_title"][:28]
        counts = f"{u_on:>8}/{QUESTIONS} {t_on:>7}/{QUESTIONS}"
        print(f"{title:<28} {kind:<13} {counts}  {u_sim:.2f} / {t_sim:.2f}")
    thin = sorted({postings[i]["job_title"] for (i, _), modes in by_key.items() if modes["tailored"][0] <= 1})
    untailored = totals["untailored"][0] / totals["untailored"][1]
    tailored = totals["tailored"][0] / totals["tailored"][1]
    ratio = tailored / untailored if untailored else float("inf")
    print("-" * len(header))
    shares = f"untailored {untailored:.0%}, tailored {tailored:.0%}"
    print(f"on-topic share of the first {QUESTIONS} questions: {shares}")
    if thin:
        print(f"where the bank is thin (at most 1 of {QUESTIONS} tailored on-topic): {', '.join(thin)}")
    print(f"ratio tailored / untailored: {ratio:.2f}x  (target >= 2x: {'met' if ratio >= 2 else 'NOT met'})")


if __name__ == "__main__":
    asyncio.run(main())
