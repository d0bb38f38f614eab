import { useCallback, useEffect, useReducer, type Dispatch } from "react";
import { useQuery } from "urql";
import { problemOf, type AppProblem } from "../../lib/errors";
import { onReconnect } from "../../lib/graphql";
import { SessionQuery } from "./operations";
import { initialInterviewState, interviewReducer, type InterviewAction, type InterviewEvent, type InterviewState } from "./state";
import { useInterviewEvents } from "./useInterviewEvents";

export interface LiveInterview {
  state: InterviewState;
  dispatch: Dispatch<InterviewAction>;
  /** The session is being read for the first time. */
  loading: boolean;
  /** Why the session could not be read (null while loading, or when it simply does not exist). */
  problem: AppProblem | null;
  /** Reads the session again from the server (after a conflict, a skip, lost events). */
  refetch: () => void;
}

/**
 * One interview as the server has it, kept current: the session on load, then every event of
 * interviewEvents, and the session again after the websocket comes back or the server says events
 * were lost. Mutation results go through `dispatch` into the same reducer.
 */
export function useLiveInterview(sessionId: string): LiveInterview {
  const [state, dispatch] = useReducer(interviewReducer, initialInterviewState);
  const [result, readSession] = useQuery({ query: SessionQuery, variables: { id: sessionId }, requestPolicy: "network-only" });
  const refetch = useCallback(() => readSession({ requestPolicy: "network-only" }), [readSession]);

  useEffect(() => {
    if (result.data?.session) dispatch({ type: "sessionLoaded", session: result.data.session });
  }, [result.data]);
  useEffect(() => onReconnect(refetch), [refetch]);
  useInterviewEvents(sessionId, (event: InterviewEvent) => dispatch({ type: "event", event }), refetch);

  return {
    state,
    dispatch,
    loading: result.fetching || (!result.data && !result.error),
    problem: result.error ? problemOf(result.error) : null,
    refetch,
  };
}
