import { Link } from "react-router";
import { useTitle } from "../components/ui/layout";

export default function NotFound() {
  useTitle("Page not found");
  return (
    <div style={{ textAlign: "center", padding: "48px 0" }}>
      <h1>Page not found</h1>
      <p className="muted">The page you were looking for doesn't exist.</p>
      <Link to="/">Back to practice</Link>
    </div>
  );
}
