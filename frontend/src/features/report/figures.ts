/** What a report's numbers mean for the candidate: which categories count, how far the interview got. */

export type InterviewKind = "TECHNICAL" | "BEHAVIORAL" | "SYSTEM_DESIGN";
export type Category = "technical" | "clarity" | "confidence" | "behavioral";

export const CATEGORY_LABEL: Record<Category, string> = {
  technical: "Technical",
  clarity: "Clarity",
  confidence: "Confidence",
  behavioral: "Behavioural",
};

/** The same rule as the server's SCORED_CATEGORIES: content for the interview's type, plus delivery. */
export const SCORED_CATEGORIES: Record<InterviewKind, readonly Category[]> = {
  TECHNICAL: ["technical", "clarity", "confidence"],
  SYSTEM_DESIGN: ["technical", "clarity", "confidence"],
  BEHAVIORAL: ["behavioral", "clarity", "confidence"],
};

/** Whose report it is: the candidate's own ("you"), or one opened from a share link ("the candidate"). */
export type Perspective = "own" | "shared";

/** The sentence that says which categories count, from the reader's side. */
export function whyTheseCategories(kind: InterviewKind, perspective: Perspective): string {
  return forReader(WHY_THESE_CATEGORIES[kind], perspective);
}

/** Second person to third, the verb agreeing where it follows "you" directly. */
const THIRD_PERSON: [RegExp, string][] = [
  [/\byou are\b|\byou're\b/gi, "the candidate is"],
  [/\byou were\b/gi, "the candidate was"],
  [/\byou have\b|\byou've\b/gi, "the candidate has"],
  [/\byou'd\b/gi, "the candidate would"],
  [/\byou'll\b/gi, "the candidate will"],
  [/\byourself\b/gi, "themselves"],
  [/\byours\b|\byour\b/gi, "the candidate's"],
  [/\byou\b/gi, "the candidate"],
];

function thirdPerson(text: string): string {
  return THIRD_PERSON.reduce(
    (out, [pattern, replacement]) =>
      out.replace(pattern, (match) => (match[0] === match[0]!.toUpperCase() ? replacement[0]!.toUpperCase() + replacement.slice(1) : replacement)),
    text,
  );
}

/**
 * The report's written feedback (which speaks to the candidate) as the reader should see it: as is on
 * the candidate's own report; of "the candidate" on a shared one, which names no one and does not
 * address its reader as the candidate. Quoted words (the candidate's own, "you know" included) stay.
 */
export function forReader(text: string, perspective: Perspective): string {
  if (perspective === "own") return text;
  return text
    .split(/("[^"]*"|“[^”]*”)/)
    .map((part, i) => (i % 2 === 1 ? part : thirdPerson(part)))
    .join("");
}

export const WHY_THESE_CATEGORIES: Record<InterviewKind, string> = {
  TECHNICAL: "A technical interview is scored on what you know (technical) and how you say it (clarity, confidence); story structure (STAR) is not counted.",
  SYSTEM_DESIGN: "A system design interview is scored on your design (technical) and how you explain it (clarity, confidence); story structure (STAR) is not counted.",
  BEHAVIORAL: "A behavioural interview is scored on your stories (behavioural: situation, task, action, result) and how you tell them (clarity, confidence); technical knowledge is not counted.",
};

export function categoriesFor(kind: InterviewKind): readonly Category[] {
  return SCORED_CATEGORIES[kind];
}

/** "1 answer", "3 answers". */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/** A completed interview that stopped before its last question was answered or skipped. */
export function endedEarly(status: string, totalQuestions: number, answered: number, skipped: number): boolean {
  return status === "COMPLETED" && answered + skipped < totalQuestions;
}

/** "6 of 6 answered", or "Ended after 5 of 6 questions (4 answered, 1 skipped)". */
export function progressText(totalQuestions: number, answered: number, skipped: number): string {
  const reached = answered + skipped;
  const detail = skipped > 0 ? ` (${answered} answered, ${skipped} skipped)` : "";
  if (reached < totalQuestions) return `Ended after ${reached} of ${totalQuestions} questions${detail}`;
  return `${answered} of ${totalQuestions} answered${skipped > 0 ? `, ${skipped} skipped` : ""}`;
}

/** The history and report label of a session's status. */
export function statusLabel(status: string, early: boolean): string {
  if (status === "COMPLETED") return early ? "Ended early" : "Completed";
  return { ACTIVE: "In progress", PAUSED: "Paused", CANCELLED: "Cancelled" }[status] ?? status;
}
