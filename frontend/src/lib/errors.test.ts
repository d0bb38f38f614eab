import { describe, expect, it } from "vitest";
import { CombinedError } from "urql";
import { GraphQLError } from "graphql";
import { fieldOf, isRecordAgain, isRetryable, mustResubscribe, problemFrom, problemOf } from "./errors";

describe("error code → message", () => {
  it("shows the server's words for input and auth problems", () => {
    const p = problemFrom("BAD_USER_INPUT", "No speech detected in the recording.");
    expect(p.message).toBe("No speech detected in the recording.");
    expect(problemFrom("UNAUTHENTICATED", "Wrong email or password.").message).toBe("Wrong email or password.");
  });

  it("shows a lower-case server message as a sentence", () => {
    expect(problemFrom("BAD_USER_INPUT", "no speech detected in the recording").message).toBe("No speech detected in the recording");
  });

  it("uses its own sentence for codes whose server message is not for candidates", () => {
    expect(problemFrom("PROVIDER_UNAVAILABLE", "openai: 503").message).toMatch(/briefly unavailable/);
    expect(problemFrom("INTERNAL", "Traceback...").message).toMatch(/went wrong/);
  });

  it("treats an unknown code as INTERNAL", () => {
    expect(problemFrom("SOMETHING_ELSE").code).toBe("INTERNAL");
    expect(problemFrom(undefined).code).toBe("INTERNAL");
  });

  it("reads the code and extensions from a CombinedError", () => {
    const error = new CombinedError({
      graphQLErrors: [new GraphQLError("Expected answer 3", { extensions: { code: "CONFLICT", expected: 3 } })],
    });
    const p = problemOf(error);
    expect(p.code).toBe("CONFLICT");
    expect(p.extensions.expected).toBe(3);
  });

  it("calls a transport failure NETWORK", () => {
    expect(problemOf(new CombinedError({ networkError: new Error("Failed to fetch") })).code).toBe("NETWORK");
  });

  it("says what to do next", () => {
    expect(isRecordAgain(problemFrom("INVALID_AUDIO"))).toBe(true);
    expect(isRecordAgain(problemFrom("BAD_USER_INPUT", "No speech detected"))).toBe(true);
    expect(isRetryable(problemFrom("PROVIDER_UNAVAILABLE"))).toBe(true);
    expect(isRetryable(problemFrom("INVALID_AUDIO"))).toBe(false);
  });

  it("names the form field a problem is about", () => {
    const error = new CombinedError({
      graphQLErrors: [new GraphQLError("An account with this email already exists; sign in instead.", { extensions: { code: "CONFLICT", field: "email" } })],
    });
    const p = problemOf(error);
    expect(p.message).toBe("An account with this email already exists; sign in instead.");
    expect(fieldOf(p)).toBe("email");
    expect(fieldOf(problemFrom("INTERNAL"))).toBeNull();
  });
});

describe("mustResubscribe", () => {
  it("is true only for a subscription ended with extensions.resubscribe", () => {
    const interrupted = new CombinedError({
      graphQLErrors: [new GraphQLError("Some events may have been missed.", { extensions: { code: "INTERNAL", resubscribe: true } })],
    });
    const other = new CombinedError({ graphQLErrors: [new GraphQLError("nope", { extensions: { code: "NOT_FOUND" } })] });
    expect(mustResubscribe(interrupted)).toBe(true);
    expect(mustResubscribe(other)).toBe(false);
    expect(mustResubscribe(undefined)).toBe(false);
  });
});
