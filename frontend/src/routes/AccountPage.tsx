import { useNavigate } from "react-router";
import { Card } from "../components/ui";
import { PageHead, useTitle } from "../components/ui/layout";
import { ChangePasswordForm } from "../features/account/ChangePasswordForm";
import { DeleteAccount } from "../features/account/DeleteAccount";
import { SignOutButton, SignOutEverywhereButton } from "../features/account/SignOut";
import { useAuth } from "../features/auth/auth";

/** The account page: each part of it is its own component (password, signing out, deleting the account). */
export default function AccountPage() {
  const { signOut } = useAuth();
  const navigate = useNavigate();
  useTitle("Your account");
  return (
    <>
      <PageHead title="Your account">
        <p className="muted">Manage your account and your data.</p>
      </PageHead>
      <Card aria-label="Password">
        <h2>Password</h2>
        <ChangePasswordForm />
      </Card>
      <Card aria-label="Signing out">
        <h2>Signing out</h2>
        <SignOutButton />
        <SignOutEverywhereButton />
      </Card>
      <DeleteAccount
        onDeleted={() => {
          signOut();
          navigate("/signup", { replace: true });
        }}
      />
    </>
  );
}
