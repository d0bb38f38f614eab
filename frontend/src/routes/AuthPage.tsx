import { useState, type FormEvent } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { useMutation } from "urql";
import { Alert, Button, Card, TextField } from "../components/ui";
import { useAuth } from "../features/auth/auth";
import { LoginMutation, RegisterMutation } from "../features/auth/operations";
import { fieldOf, problemOf, type AppProblem } from "../lib/errors";
import styles from "../features/auth/auth.module.css";
import { useTitle } from "../components/ui/layout";

/** Only same-site paths, so ?next= can't send a candidate elsewhere. */
function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export interface AuthFields {
  displayName: string;
  email: string;
  password: string;
}

/** Our own checks of the form, shown beside each field (the browser's bubbles are turned off). */
export function fieldErrors(fields: AuthFields, signingUp: boolean): Partial<Record<keyof AuthFields, string>> {
  const errors: Partial<Record<keyof AuthFields, string>> = {};
  if (signingUp && !fields.displayName.trim()) errors.displayName = "Enter your name.";
  else if (signingUp && fields.displayName.trim().length > 100) errors.displayName = "Keep your name under 100 characters.";
  const email = fields.email.trim();
  if (!email) errors.email = "Enter your email address.";
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.email = "That doesn't look like an email address.";
  if (!fields.password) errors.password = "Enter your password.";
  else if (signingUp && fields.password.length < 8) errors.password = "Use at least 8 characters.";
  return errors;
}

export default function AuthPage({ mode }: { mode: "signin" | "signup" }) {
  const { token, signIn } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [problem, setProblem] = useState<AppProblem | null>(null);
  const [checked, setChecked] = useState(false);
  const [login, runLogin] = useMutation(LoginMutation);
  const [register, runRegister] = useMutation(RegisterMutation);
  const busy = login.fetching || register.fetching;
  const signingUp = mode === "signup";
  useTitle(signingUp ? "Create your account" : "Sign in");

  const invalid = checked ? fieldErrors({ displayName, email, password }, signingUp) : {};
  const errorOf = (field: keyof AuthFields): string | null => invalid[field] ?? (fieldOf(problem) === field ? (problem?.message ?? null) : null);

  if (token) return <Navigate to={next} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    setChecked(true);
    if (Object.keys(fieldErrors({ displayName, email, password }, signingUp)).length > 0) return;
    const result = signingUp
      ? await runRegister({ email: email.trim(), password, displayName: displayName.trim() })
      : await runLogin({ email: email.trim(), password });
    if (result.error) {
      setProblem(problemOf(result.error));
      return;
    }
    const payload = result.data && ("register" in result.data ? result.data.register : "login" in result.data ? result.data.login : null);
    if (payload) {
      signIn(payload.token);
      navigate(next, { replace: true });
    }
  }

  return (
    <div className={styles.wrap}>
      <h1>{signingUp ? "Create your account" : "Welcome back"}</h1>
      <p className={styles.lead}>
        {signingUp
          ? "Practise interviews out loud with an AI interviewer, and get feedback on every answer."
          : "Sign in to continue practising and see your progress."}
      </p>
      <Card>
        <form className={styles.form} onSubmit={submit} noValidate>
          {problem && !fieldOf(problem) ? <Alert>{problem.message}</Alert> : null}
          {signingUp ? (
            <TextField
              label="Your name"
              name="displayName"
              autoComplete="name"
              required
              maxLength={100}
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
              error={errorOf("displayName")}
            />
          ) : null}
          <TextField
            label="Email"
            name="email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={errorOf("email")}
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete={signingUp ? "new-password" : "current-password"}
            required
            minLength={signingUp ? 8 : undefined}
            hint={signingUp ? "At least 8 characters." : undefined}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errorOf("password")}
          />
          <Button type="submit" block size="large" busy={busy} disabled={busy}>
            {signingUp ? "Create account" : "Sign in"}
          </Button>
        </form>
      </Card>
      <p className={styles.switch}>
        {signingUp ? (
          <>
            Already have an account? <Link to={`/signin${next !== "/" ? `?next=${encodeURIComponent(next)}` : ""}`}>Sign in</Link>
          </>
        ) : (
          <>
            New here? <Link to={`/signup${next !== "/" ? `?next=${encodeURIComponent(next)}` : ""}`}>Create an account</Link>
          </>
        )}
      </p>
    </div>
  );
}
