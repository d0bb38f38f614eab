import { graphql } from "../../gql";

export const SignOutMutation = graphql(`
  mutation SignOut($everywhere: Boolean!) {
    signOut(everywhere: $everywhere)
  }
`);

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
      token
      user {
        id
        email
        displayName
      }
    }
  }
`);
