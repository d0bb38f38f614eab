import { graphql } from "../../gql";

export const SessionsQuery = graphql(`
  query Sessions($first: Int!, $after: String) {
    sessions(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          jobTitle
          interviewType
          difficulty
          status
          startTime
          durationSeconds
          totalResponses
          totalQuestions
          persona {
            id
            name
          }
          report {
            id
            overallScore
            questionsAnswered
            questionsSkipped
          }
        }
      }
    }
  }
`);

export const ScoresQuery = graphql(`
  query Scores($first: Int!) {
    reports(first: $first) {
      totalCount
      edges {
        node {
          id
          overallScore
          avgTechnicalScore
          avgClarityScore
          avgConfidenceScore
          avgBehavioralScore
          createdAt
          session {
            id
            jobTitle
            interviewType
          }
        }
      }
    }
  }
`);
