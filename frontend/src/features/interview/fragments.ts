/** The data the interview, report and history pages share, as fragments composed by each page. */
import { graphql } from "../../gql";

export const PersonaFields = graphql(`
  fragment PersonaFields on Persona {
    id
    name
    title
    style
    description
    voice
  }
`);

export const SpeechAudioFields = graphql(`
  fragment SpeechAudioFields on SpeechAudio {
    mimeType
    base64
    durationMs
  }
`);

export const QuestionFields = graphql(`
  fragment QuestionFields on Question {
    id
    sequenceNumber
    questionText
    leadIn
    questionType
    difficulty
    isFollowUp
    askedAt
    answeredAt
    skipped
    responseTimeSeconds
    answerQualityScore
  }
`);

export const VoiceMetricsFields = graphql(`
  fragment VoiceMetricsFields on VoiceMetrics {
    speechPace
    pauseCount
    fillerWordCount
    fillerWords
    volumeLevel
    clarityScore
  }
`);

export const FeedbackFields = graphql(`
  fragment FeedbackFields on Feedback {
    id
    technicalScore
    clarityScore
    confidenceScore
    behavioralScore
    overallScore
    technicalFeedback
    clarityFeedback
    confidenceFeedback
    behavioralFeedback
    star {
      hasSituation
      hasTask
      hasAction
      hasResult
    }
    speechQualityScore
    fillerWordsDetected
    feedbackSummary
    improvementSuggestions
  }
`);

export const TranscriptFields = graphql(`
  fragment TranscriptFields on Transcript {
    id
    sequenceNumber
    speaker
    speakerName
    text
    audioDurationMs
    confidenceScore
    timestamp
    voiceMetrics {
      ...VoiceMetricsFields
    }
    feedback {
      ...FeedbackFields
    }
  }
`);

export const LiveMetricsFields = graphql(`
  fragment LiveMetricsFields on LiveMetrics {
    sessionId
    currentQuestionNumber
    questionsCompleted
    rollingTechnicalAvg
    rollingClarityAvg
    rollingConfidenceAvg
    rollingBehavioralAvg
    currentSpeechPace
    currentVolume
    silenceDurationMs
    estimatedTimeRemaining
    lastUpdated
  }
`);

/** The interview page's session: what its components declare (header, question, conversation) and the reducer keeps. */
export const SessionLiveFields = graphql(`
  fragment SessionLiveFields on InterviewSession {
    ...InterviewHeaderFields
    id
    jobTitle
    interviewType
    difficulty
    status
    startTime
    endTime
    totalQuestions
    totalResponses
    persona {
      ...PersonaFields
    }
    questions {
      ...QuestionFields
      ...QuestionStageFields
    }
    transcripts {
      ...TranscriptFields
      ...ConversationTurnFields
    }
    liveMetrics {
      ...LiveMetricsFields
    }
  }
`);

export const InterviewerTurnFields = graphql(`
  fragment InterviewerTurnFields on InterviewerTurn {
    question {
      ...QuestionFields
      ...QuestionStageFields
    }
    audio {
      ...SpeechAudioFields
    }
  }
`);
