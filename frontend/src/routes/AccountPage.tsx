/** The candidate's account: sign out here or everywhere, change the password. */
import { Card } from "../components/ui";
import { PageHead, useTitle } from "../components/ui/layout";
import { ChangePasswordForm } from "../features/account/ChangePasswordForm";
import { SignOutButton, SignOutEverywhereButton } from "../features/account/SignOut";

export default function AccountPage() {
  useTitle("Your account");
  return (
    <>
      <PageHead title="Your account" />
      <Card aria-label="Password">
        <h2>Password</h2>
        <ChangePasswordForm />
      </Card>
      <Card aria-label="Sessions">
        <h2>Signing out</h2>
        <SignOutButton />
        <SignOutEverywhereButton />
      </Card>
    </>
  );
}
