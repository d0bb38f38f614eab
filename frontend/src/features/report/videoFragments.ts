import { graphql } from "../../gql";

/** What AnswerVideo shows of an answer: its video, captions and timeline (null/empty without one). */
export const AnswerVideoFields = graphql(`
  fragment AnswerVideoFields on Transcript {
    id
    videoUrl
    captionsUrl
    timeline {
      kind
      startMs
      endMs
      label
    }
  }
`);
