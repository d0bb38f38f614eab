import { graphql } from "../../gql";

export const ReportFields = graphql(`
  fragment ReportFields on Report {
    id
    downloadUrl
    overallScore
    avgTechnicalScore
    avgClarityScore
    avgConfidenceScore
    avgBehavioralScore
    strengths
    weaknesses
    keyHighlights
    immediateImprovements
    practiceAreas
    resourcesRecommended
    totalSpeakingTimeSeconds
    avgResponseTimeSeconds
    totalFillerWords
    avgSpeechPace
    questionsAnswered
    questionsSkipped
    bestAnswer {
      ...TranscriptFields
    }
    worstAnswer {
      ...TranscriptFields
    }
    percentileRank
    comparedToCount
    createdAt
    jobDescription
    session {
      id
      jobTitle
      interviewType
      difficulty
      status
      startTime
      endTime
      durationSeconds
      totalQuestions
      persona {
        ...PersonaFields
      }
      questions {
        ...QuestionFields
      }
      transcripts {
        ...TranscriptFields
      }
    }
  }
`);

export const ReportBySessionQuery = graphql(`
  query ReportBySession($sessionId: ID!) {
    reportBySession(sessionId: $sessionId) {
      ...ReportFields
      downloadUrl
      # Owner only: the shared report never asks for the candidate's recordings.
      session {
        id
        jobTitle
        transcripts {
          id
          audioUrl
          ...AnswerVideoFields
        }
      }
    }
  }
`);

export const ReportByShareTokenQuery = graphql(`
  query ReportByShareToken($token: String!) {
    reportByShareToken(token: $token) {
      ...ReportFields
      # Scoped to the link: it stops working when the link is turned off.
      downloadUrl
      # Empty unless the owner included video when sharing.
      session {
        id
        transcripts {
          ...AnswerVideoFields
        }
      }
    }
  }
`);

export const ShareReportMutation = graphql(`
  mutation ShareReport($reportId: ID!, $enabled: Boolean!, $includeVideo: Boolean! = false) {
    shareReport(reportId: $reportId, enabled: $enabled, includeVideo: $includeVideo) {
      token
      url
      createdAt
      includesVideo
    }
  }
`);
