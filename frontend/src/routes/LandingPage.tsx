import { Link } from "react-router";
import { Card, buttonClass } from "../components/ui";
import { useTitle } from "../components/ui/layout";
import styles from "../features/auth/auth.module.css";

/** The first page a newcomer sees: what this is, then sign-up (sign-in for those who have an account). */
export default function LandingPage() {
  useTitle("Practise interviews out loud");
  return (
    <div className={styles.landing}>
      <h1>Practise interviews out loud, get feedback on every answer</h1>
      <p className={styles.lead}>
        Pick an interviewer and the job you want. The interviewer asks a question out loud, you answer by voice, and within seconds you see
        how it went: what you said, how you said it (pace, filler words, pauses) and scores with ways to improve. At the end you get a
        report to keep or share.
      </p>
      <Card>
        <ol className={styles.steps}>
          <li>Create a free account.</li>
          <li>Choose an interviewer, the role and the kind of interview.</li>
          <li>Answer the questions out loud; read your feedback and your report.</li>
        </ol>
        <div className={styles.landingActions}>
          <Link to="/signup" className={buttonClass("primary", "large")}>
            Create an account
          </Link>
          <span className="muted">
            Already practising? <Link to="/signin">Sign in</Link>
          </span>
        </div>
      </Card>
    </div>
  );
}
