import { graphql } from "../../gql";

export const PersonasQuery = graphql(`
  query Personas {
    personas {
      ...PersonaFields
    }
  }
`);

/** A short greeting in the persona's voice ("Hear a sample"); public, served from the server's cache. */
export const PersonaVoiceSampleQuery = graphql(`
  query PersonaVoiceSample($personaId: ID!) {
    personaVoiceSample(personaId: $personaId) {
      ...SpeechAudioFields
    }
  }
`);

export const StartInterviewMutation = graphql(`
  mutation StartInterview($input: StartInterviewInput!) {
    startInterview(input: $input) {
      id
      status
    }
  }
`);

/** An interview left open (a closed tab, a dead battery) that the candidate can go back to. */
export const OpenInterviewsQuery = graphql(`
  query OpenInterviews {
    active: sessions(first: 1, status: ACTIVE) {
      edges {
        node {
          id
          jobTitle
          startTime
          totalResponses
          totalQuestions
        }
      }
    }
    paused: sessions(first: 1, status: PAUSED) {
      edges {
        node {
          id
          jobTitle
          startTime
          totalResponses
          totalQuestions
        }
      }
    }
  }
`);
