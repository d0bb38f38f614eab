import { useNavigate } from "react-router";
import { PageHead, useTitle } from "../components/ui/layout";
import { DeleteAccount } from "../features/account/DeleteAccount";
import { useAuth } from "../features/auth/auth";

/** The account page: each part of it is its own component (deleting the account is one of them). */
export default function AccountPage() {
  const { signOut } = useAuth();
  const navigate = useNavigate();
  useTitle("Your account");
  return (
    <>
      <PageHead title="Your account">
        <p className="muted">Manage your account and your data.</p>
      </PageHead>
      <DeleteAccount
        onDeleted={() => {
          signOut();
          navigate("/signup", { replace: true });
        }}
      />
    </>
  );
}
