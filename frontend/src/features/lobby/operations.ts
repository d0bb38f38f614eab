import { graphql } from "../../gql";

export const PersonasQuery = graphql(`
  query Personas {
    personas {
      ...PersonaFields
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
