"""The whole report as one versioned JSON document (`Report.reportJson`, the download, exports).

Version 1. Keys are camelCase like the GraphQL API. A consumer must check `version`; fields are only
ever added within a version. Per question: the question, the answer's transcript, its scores and
feedback, its voice metrics; a skipped question has `"skipped": true` and `"answer": null`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from interview.ai.base import ReportNarrative
from interview.interviews.report_aggregates import ReportAggregates
from interview.interviews.report_record import InterviewRecord
from interview.interviews.stored import Row, json_value

REPORT_JSON_VERSION = 1


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


def _voice_metrics(answer: Row) -> dict[str, Any] | None:
    if answer["speech_pace"] is None:
        return None
    return {
        "speechPace": answer["speech_pace"],
        "pauseCount": answer["pause_count"],
        "longestPauseMs": answer["longest_pause_ms"],
        "responseLatencyMs": answer["response_latency_ms"],
        "speakingTimeMs": answer["speaking_time_ms"],
        "wordCount": answer["word_count"],
        "fillerWordCount": answer["filler_word_count"],
        "fillerWords": json_value(answer["filler_words"]) or [],
        "volumeLevel": answer["volume_level"],
        "clarityScore": answer["clarity_score"],
    }


def _feedback(row: Row) -> dict[str, Any]:
    return {
        "scores": {
            "technical": row["technical_score"],
            "clarity": row["clarity_score"],
            "confidence": row["confidence_score"],
            "behavioral": row["behavioral_score"],
            "overall": row["overall_score"],
            "speechQuality": row["speech_quality_score"],
        },
        "technicalFeedback": row["technical_feedback"],
        "clarityFeedback": row["clarity_feedback"],
        "confidenceFeedback": row["confidence_feedback"],
        "behavioralFeedback": row["behavioral_feedback"],
        "star": {
            "hasSituation": row["has_situation"],
            "hasTask": row["has_task"],
            "hasAction": row["has_action"],
            "hasResult": row["has_result"],
        },
        "summary": row["feedback_summary"],
        "improvementSuggestions": json_value(row["improvement_suggestions"]) or [],
        "fillerWordsDetected": json_value(row["filler_words_detected"]) or [],
        "evaluatorModel": row["evaluator_model"],
    }


def _question(record: InterviewRecord, question: Row) -> dict[str, Any]:
    answer = record.answer_to(question)
    feedback = record.feedback_of(answer)
    return {
        "sequenceNumber": question["sequence_number"],
        "questionId": str(question["id"]),
        "question": question["question_text"],
        "questionType": question["question_type"],
        "difficulty": question["difficulty"],
        "isFollowUp": question["is_follow_up"],
        "skipped": bool(question["skipped"]),
        "askedAt": _plain(question["asked_at"]),
        "answeredAt": _plain(question["answered_at"]),
        "responseTimeSeconds": question["response_time_seconds"],
        "answer": None
        if answer is None
        else {
            "transcriptId": str(answer["id"]),
            "text": answer["text"],
            "language": answer["language"],
            "audioDurationMs": answer["audio_duration_ms"],
            "voiceMetrics": _voice_metrics(answer),
        },
        "feedback": _feedback(feedback) if feedback is not None else None,
    }


def report_document(
    record: InterviewRecord, aggregates: ReportAggregates, narrative: ReportNarrative
) -> dict[str, Any]:
    """The version-1 document of one report."""
    session = record.session
    return {
        "version": REPORT_JSON_VERSION,
        "session": {
            "id": str(session["id"]),
            "jobTitle": session["job_title"],
            "interviewType": session["interview_type"],
            "difficulty": session["difficulty"],
            "persona": {"name": record.persona["name"], "title": record.persona["title"]},
            "startTime": _plain(session["start_time"]),
            "endTime": _plain(session["end_time"]),
            "plannedQuestions": session["planned_questions"],
        },
        "summary": {
            "overallScore": aggregates.overall_score,
            "avgTechnicalScore": aggregates.avg_technical_score,
            "avgClarityScore": aggregates.avg_clarity_score,
            "avgConfidenceScore": aggregates.avg_confidence_score,
            "avgBehavioralScore": aggregates.avg_behavioral_score,
            "totalSpeakingTimeSeconds": aggregates.total_speaking_time_seconds,
            "avgResponseTimeSeconds": aggregates.avg_response_time_seconds,
            "totalFillerWords": aggregates.total_filler_words,
            "fillersPerMinute": aggregates.fillers_per_minute,
            "avgSpeechPace": aggregates.avg_speech_pace,
            "questionsAnswered": aggregates.questions_answered,
            "questionsSkipped": aggregates.questions_skipped,
            "bestAnswerTranscriptId": _plain(aggregates.best_answer),
            "worstAnswerTranscriptId": _plain(aggregates.worst_answer),
        },
        "narrative": {
            "strengths": narrative.strengths,
            "weaknesses": narrative.weaknesses,
            "keyHighlights": narrative.key_highlights,
            "immediateImprovements": narrative.immediate_improvements,
            "practiceAreas": narrative.practice_areas,
            "resources": narrative.resources,
            "generatorModel": narrative.model,
            "promptVersion": narrative.prompt_version,
        },
        "questions": [_question(record, question) for question in record.questions],
    }
