import { graphql } from "../../gql";

export const SignOutMutation = graphql(`
  mutation SignOut($everywhere: Boolean!) {
    signOut(everywhere: $everywhere)
  }
`);

// Only the token: selecting the User would make urql's document cache refetch `me` at once, with
// the old token the change just revoked, and the AuthProvider would sign the candidate out.
export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
      token
    }
  }
`);

export const DeleteInterviewMutation = graphql(`
  mutation DeleteInterview($sessionId: ID!) {
    deleteInterview(sessionId: $sessionId)
  }
`);

export const DeleteAccountMutation = graphql(`
  mutation DeleteAccount($password: String!) {
    deleteAccount(password: $password)
  }
`);

/**
 * A deletion returns a bare Boolean, so urql's document cache can't tell which cached queries it
 * touched: naming the types makes every cached list and report that holds one refetch.
 */
export const DELETED_TYPES = { additionalTypenames: ["InterviewSession", "Report", "Transcript", "LiveMetrics"] };
