import { graphql } from "../../gql";

export const SessionVideoQuery = graphql(`
  query SessionVideo($id: ID!) {
    session(id: $id) {
      id
      videoEnabled
    }
  }
`);
