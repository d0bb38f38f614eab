// @vitest-environment happy-dom
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { useReducer } from "react";
import { Provider } from "urql";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LiveMetricsFieldsFragment } from "../../gql/graphql";
import { FakeMediaRecorder, FakeMediaStream } from "../../test/browser";
import { fakeServer, type FakeServer } from "../../test/fakeServer";
import { answerResult, liveMetrics } from "../../test/interview";
import { answerFailure } from "./answer";
import { AnswerBar } from "./AnswerBar";
import { LiveMetricsPanel } from "./LiveMetricsPanel";
import { initialInterviewState, interviewReducer } from "./state";
import { useAnswer } from "./useAnswer";

beforeEach(() => {
  vi.stubGlobal("MediaRecorder", FakeMediaRecorder);
  vi.stubGlobal("MediaStream", FakeMediaStream);
});
afterEach(() => vi.unstubAllGlobals());

const stream = new FakeMediaStream() as unknown as MediaStream;

/** The lost take's figures after each chunk: a fast pace, loud, no silence. */
function measured(chunkIndex: number): LiveMetricsFieldsFragment {
  return { ...liveMetrics(`2026-11-25T10:00:0${chunkIndex + 1}+00:00`), currentSpeechPace: 212 + chunkIndex, currentVolume: 0.8, silenceDurationMs: 100 };
}

/** The answer bar and the live metrics panel over the page's reducer, as the interview page wires them. */
function Page({ fake }: { fake: FakeServer }) {
  const [state, dispatch] = useReducer(interviewReducer, initialInterviewState);
  const answer = useAnswer({ sessionId: "s1", sequenceNumber: 1, open: true, stream, dispatch, chunkClient: fake.client });
  const r = answer.recorder.state;
  return (
    <>
      <AnswerBar
        recorder={r}
        elapsed={0}
        level={0}
        failure={answerFailure(r, state.turnFailure, 1)}
        canStart
        paused={false}
        silentFor={0}
        autoFinish={0}
        onAutoFinish={() => undefined}
        onStart={answer.start}
        onFinish={answer.finish}
        onRetry={answer.retry}
        onRecordAgain={answer.discard}
      />
      <LiveMetricsPanel metrics={state.liveMetrics} totalQuestions={5} localLevel={0} interviewType="TECHNICAL" />
    </>
  );
}

function stat(label: string): string {
  const panel = screen.getByRole("heading", { name: "Live metrics" }).parentElement!;
  return within(panel).getByText(label).nextElementSibling?.textContent ?? "";
}

describe("Record again", () => {
  it("takes the refused take's pace, volume and silence off the live metrics panel", async () => {
    let takes = 0;
    const fake = fakeServer((op) => {
      switch (op.operationName) {
        case "AppendAnswerAudio":
          return { data: { appendAnswerAudio: measured(op.variables.chunkIndex as number) } };
        case "FinishAnswer":
          return { data: null, errors: [{ message: "no speech detected in the recording", extensions: { code: "BAD_USER_INPUT" } }] };
        case "SubmitAnswer":
          takes += 1;
          return { data: { submitAnswer: { ...answerResult(1), liveMetrics: { ...liveMetrics("2026-11-25T10:01:00+00:00"), currentSpeechPace: 141 } } } };
        default:
          return { data: null };
      }
    });
    render(
      <Provider value={fake.client}>
        <Page fake={fake} />
      </Provider>,
    );
    fireEvent.click(screen.getByRole("button", { name: "Start answer" }));
    act(() => ["a", "b"].forEach((c) => FakeMediaRecorder.last!.emit(c)));
    await waitFor(() => expect(stat("Pace")).toBe("213 wpm"));
    expect(stat("Volume")).toBe("80%");
    fireEvent.click(screen.getByRole("button", { name: "Done" }));
    await screen.findByText(/no speech detected in the recording/i);

    fireEvent.click(screen.getByRole("button", { name: "Record again" }));
    expect(stat("Pace")).toBe("—");
    expect(stat("Volume")).toBe("—");
    expect(stat("Silence")).toBe("—");
    expect(screen.queryByText(/213 wpm|212 wpm/)).toBeNull();

    // The next take is sent whole; its own figures then show.
    fireEvent.click(screen.getByRole("button", { name: "Start answer" }));
    act(() => FakeMediaRecorder.last!.emit("again"));
    fireEvent.click(screen.getByRole("button", { name: "Done" }));
    await waitFor(() => expect(stat("Pace")).toBe("141 wpm"));
    expect(takes).toBe(1);
  });
});
