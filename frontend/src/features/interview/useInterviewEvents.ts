import { useEffect, useRef, useState } from "react";
import { useClient } from "urql";
import { mustResubscribe } from "../../lib/errors";
import { InterviewEventsSubscription } from "./operations";
import type { InterviewEvent } from "./state";

/**
 * The session's events, in order, each handed to `onEvent` exactly once: subscribed through the
 * client directly, because useSubscription keeps only the latest result in state and a render can
 * skip one. When the server ends the stream with extensions.resubscribe, events may have been lost:
 * subscribe again and call `onMissed` so the session is read again.
 */
export function useInterviewEvents(sessionId: string, onEvent: (event: InterviewEvent) => void, onMissed: () => void): void {
  const client = useClient();
  const handlers = useRef({ onEvent, onMissed });
  handlers.current = { onEvent, onMissed };
  const [feed, setFeed] = useState(0);
  useEffect(() => {
    if (!sessionId) return;
    const subscription = client.subscription(InterviewEventsSubscription, { sessionId }).subscribe((result) => {
      if (result.data) handlers.current.onEvent(result.data.interviewEvents);
      else if (mustResubscribe(result.error)) {
        setFeed((n) => n + 1);
        handlers.current.onMissed();
      }
    });
    return () => subscription.unsubscribe();
  }, [client, sessionId, feed]);
}
