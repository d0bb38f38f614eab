/** The interviewer and job title of the candidate's last interview, kept in this browser for the next one. */
export interface LastChoice {
  personaId: string | null;
  jobTitle: string;
}

const KEY = "interview.lastChoice";

export function lastChoice(): LastChoice {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? "null") as Partial<LastChoice> | null;
    return {
      personaId: typeof value?.personaId === "string" ? value.personaId : null,
      jobTitle: typeof value?.jobTitle === "string" ? value.jobTitle.slice(0, 200) : "",
    };
  } catch {
    // Unreadable (or storage blocked): start fresh.
    return { personaId: null, jobTitle: "" };
  }
}

export function rememberChoice(choice: LastChoice): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(choice));
  } catch {
    // Storage full or blocked: remembering is a convenience only.
  }
}
