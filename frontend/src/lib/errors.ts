/** Turns GraphQL errors into sentences a candidate can act on. The one place that maps codes. */
import type { CombinedError } from "urql";

export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "BAD_USER_INPUT"
  | "INVALID_AUDIO"
  | "PAYLOAD_TOO_LARGE"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "PROVIDER_UNAVAILABLE"
  | "GRAPHQL_PARSE_FAILED"
  | "GRAPHQL_VALIDATION_FAILED"
  | "INTERNAL"
  | "NETWORK";

export interface AppProblem {
  code: ErrorCode;
  /** What to show the candidate. */
  message: string;
  /** The server's own message, when it is meant for people (BAD_USER_INPUT, UNAUTHENTICATED...). */
  detail?: string;
  /** Extra fields from extensions (CONFLICT carries `expected`). */
  extensions: Record<string, unknown>;
}

const KNOWN = new Set<string>([
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "BAD_USER_INPUT",
  "INVALID_AUDIO",
  "PAYLOAD_TOO_LARGE",
  "CONFLICT",
  "RATE_LIMITED",
  "PROVIDER_UNAVAILABLE",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "INTERNAL",
  "NETWORK",
]);

const FALLBACK: Record<ErrorCode, string> = {
  UNAUTHENTICATED: "Please sign in again to continue.",
  FORBIDDEN: "You don't have access to this.",
  NOT_FOUND: "We couldn't find that. It may have been removed, or the link is wrong.",
  BAD_USER_INPUT: "Something in the form needs another look.",
  INVALID_AUDIO: "We couldn't read that recording. Please record your answer again.",
  PAYLOAD_TOO_LARGE: "That recording is too long to upload (25 MB at most). Try a shorter answer.",
  CONFLICT: "The interview moved on in another tab. We've caught up — please continue.",
  RATE_LIMITED: "You're going a little fast. Wait a moment and try again.",
  PROVIDER_UNAVAILABLE: "Our interviewer is briefly unavailable. Your answer is safe — try again in a moment.",
  GRAPHQL_PARSE_FAILED: "The app sent a request the server didn't understand. Reload the page.",
  GRAPHQL_VALIDATION_FAILED: "This page is out of date. Reload to get the latest version.",
  INTERNAL: "Something went wrong on our side. Please try again.",
  NETWORK: "We can't reach the server. Check your connection and try again.",
};

/** Codes whose server message is written for the candidate and better than our generic sentence. */
const SHOW_SERVER_MESSAGE = new Set<ErrorCode>(["BAD_USER_INPUT", "UNAUTHENTICATED", "INVALID_AUDIO", "FORBIDDEN", "CONFLICT"]);

/** Server messages may start in lower case ("no speech detected…"); show them as sentences. */
function sentence(text: string): string {
  const t = text.trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

export function normaliseCode(code: unknown): ErrorCode {
  return typeof code === "string" && KNOWN.has(code) ? (code as ErrorCode) : "INTERNAL";
}

/** A problem from a code and the server's message, e.g. from a TurnFailed event. */
export function problemFrom(code: unknown, serverMessage?: string, extensions: Record<string, unknown> = {}): AppProblem {
  const normal = normaliseCode(code);
  const useServer = SHOW_SERVER_MESSAGE.has(normal) && serverMessage && serverMessage.trim().length > 0;
  return {
    code: normal,
    message: useServer ? sentence(serverMessage) : FALLBACK[normal],
    ...(serverMessage ? { detail: serverMessage } : {}),
    extensions,
  };
}

/** The first problem of a urql CombinedError. */
export function problemOf(error: CombinedError): AppProblem {
  const first = error.graphQLErrors[0];
  if (first) {
    const extensions = (first.extensions ?? {}) as Record<string, unknown>;
    return problemFrom(extensions.code, first.message, extensions);
  }
  if (error.networkError) {
    // A 413 comes back as a JSON body of GraphQL errors; anything else is a transport failure.
    return problemFrom("NETWORK");
  }
  return problemFrom("INTERNAL");
}

/** The form field a BAD_USER_INPUT or CONFLICT is about (extensions.field), to show it beside that field. */
export function fieldOf(problem: AppProblem | null): string | null {
  const field = problem?.extensions.field;
  return typeof field === "string" ? field : null;
}

/** "No speech detected" and unreadable audio leave the question open: the candidate records again. */
export function isRecordAgain(problem: AppProblem): boolean {
  return problem.code === "INVALID_AUDIO" || problem.code === "BAD_USER_INPUT" || problem.code === "PAYLOAD_TOO_LARGE";
}

/** The AI chain was down: the same recording can be sent again. */
export function isRetryable(problem: AppProblem): boolean {
  return problem.code === "PROVIDER_UNAVAILABLE" || problem.code === "RATE_LIMITED" || problem.code === "NETWORK" || problem.code === "INTERNAL";
}

/** A live subscription the server ended because events may have been lost: subscribe again and re-read. */
export function mustResubscribe(error: CombinedError | undefined): boolean {
  return !!error?.graphQLErrors.some((e) => e.extensions?.resubscribe === true);
}
