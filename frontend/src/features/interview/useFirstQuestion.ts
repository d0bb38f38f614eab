import { useCallback, useEffect, useRef, useState, type Dispatch } from "react";
import { useMutation } from "urql";
import { problemOf, type AppProblem } from "../../lib/errors";
import { InitialQuestionMutation } from "./operations";
import type { InterviewAction, InterviewState } from "./state";

export interface FirstQuestion {
  /** Why question 1 could not be prepared, until asked again. */
  problem: AppProblem | null;
  ask: () => void;
}

/**
 * Question 1 comes from initialQuestion, asked once the session is active and nothing past question 1
 * exists. Asking again (after a reload, or "Try again") returns the same question with its audio.
 */
export function useFirstQuestion(sessionId: string, state: InterviewState, dispatch: Dispatch<InterviewAction>): FirstQuestion {
  const [, askInitial] = useMutation(InitialQuestionMutation);
  const [problem, setProblem] = useState<AppProblem | null>(null);
  const asked = useRef(false);
  const ask = useCallback(() => {
    asked.current = true;
    setProblem(null);
    void askInitial({ sessionId }).then((result) => {
      if (result.data) dispatch({ type: "turn", turn: result.data.initialQuestion });
      else if (result.error) setProblem(problemOf(result.error));
    });
  }, [askInitial, sessionId, dispatch]);

  const { session, questions } = state;
  const status = session?.status ?? null;
  const userAnswers = state.transcripts.filter((t) => t.speaker === "USER").length;
  useEffect(() => {
    if (!session || asked.current || status !== "ACTIVE") return;
    const onlyFirst = questions.every((q) => q.sequenceNumber === 1) && userAnswers === 0;
    if (onlyFirst) ask();
  }, [session, status, questions, userAnswers, ask]);

  return { problem, ask };
}
