import { graphql } from "../../gql";

export const SessionQuery = graphql(`
  query InterviewSession($id: ID!) {
    session(id: $id) {
      ...SessionLiveFields
    }
  }
`);

export const InitialQuestionMutation = graphql(`
  mutation InitialQuestion($sessionId: ID!) {
    initialQuestion(sessionId: $sessionId) {
      ...InterviewerTurnFields
    }
  }
`);

export const AnswerResultFields = graphql(`
  fragment AnswerResultFields on AnswerResult {
    transcript {
      ...TranscriptFields
      ...ConversationTurnFields
    }
    evaluation {
      ...FeedbackFields
    }
    interviewerResponse {
      ...InterviewerTurnFields
    }
    liveMetrics {
      ...LiveMetricsFields
    }
  }
`);

export const SubmitAnswerMutation = graphql(`
  mutation SubmitAnswer($sessionId: ID!, $audio: Upload!, $sequenceNumber: Int!) {
    submitAnswer(sessionId: $sessionId, audio: $audio, sequenceNumber: $sequenceNumber) {
      ...AnswerResultFields
    }
  }
`);

/** The answer as the live chunks already sent (appendAnswerAudio), so Done uploads nothing more. */
export const FinishAnswerMutation = graphql(`
  mutation FinishAnswer($sessionId: ID!, $sequenceNumber: Int!) {
    finishAnswer(sessionId: $sessionId, sequenceNumber: $sequenceNumber) {
      ...AnswerResultFields
    }
  }
`);

export const SkipQuestionMutation = graphql(`
  mutation SkipQuestion($sessionId: ID!) {
    skipQuestion(sessionId: $sessionId) {
      ...InterviewerTurnFields
    }
  }
`);

export const PauseMutation = graphql(`
  mutation PauseInterview($sessionId: ID!) {
    pauseInterview(sessionId: $sessionId) {
      id
      status
    }
  }
`);

export const ResumeMutation = graphql(`
  mutation ResumeInterview($sessionId: ID!) {
    resumeInterview(sessionId: $sessionId) {
      id
      status
    }
  }
`);

export const EndMutation = graphql(`
  mutation EndInterview($sessionId: ID!) {
    endInterview(sessionId: $sessionId) {
      id
      overallScore
    }
  }
`);

export const InterviewEventsSubscription = graphql(`
  subscription InterviewEvents($sessionId: ID!) {
    interviewEvents(sessionId: $sessionId) {
      __typename
      sessionId
      at
      ... on TranscriptReady {
        transcript {
          ...TranscriptFields
          ...ConversationTurnFields
        }
      }
      ... on AnswerEvaluated {
        transcriptId
        feedback {
          ...FeedbackFields
        }
      }
      ... on InterviewerSpeech {
        questionId
        chunkIndex
        textDelta
        final
        restarted
        audio {
          ...SpeechAudioFields
        }
      }
      ... on PartialTranscript {
        sequenceNumber
        text
      }
      ... on QuestionAsked {
        question {
          ...QuestionFields
          ...QuestionStageFields
        }
      }
      ... on LiveMetricsUpdated {
        metrics {
          ...LiveMetricsFields
        }
      }
      ... on SessionStatusChanged {
        status
      }
      ... on ReportReady {
        report {
          id
          overallScore
        }
      }
      ... on TurnFailed {
        sequenceNumber
        code
        message
      }
    }
  }
`);

/** One recorder chunk while the candidate speaks; the server answers with the live metrics after it. */
export const AppendAnswerAudioMutation = graphql(`
  mutation AppendAnswerAudio($sessionId: ID!, $sequenceNumber: Int!, $chunkIndex: Int!, $audio: Upload!) {
    appendAnswerAudio(sessionId: $sessionId, sequenceNumber: $sequenceNumber, chunkIndex: $chunkIndex, audio: $audio) {
      ...LiveMetricsFields
    }
  }
`);
