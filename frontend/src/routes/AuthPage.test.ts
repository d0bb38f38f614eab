import { describe, expect, it } from "vitest";
import { fieldErrors } from "./AuthPage";

describe("sign-up and sign-in field errors", () => {
  it("names each missing or malformed field in our own words", () => {
    expect(fieldErrors({ displayName: " ", email: "", password: "" }, true)).toEqual({
      displayName: "Enter your name.",
      email: "Enter your email address.",
      password: "Enter your password.",
    });
    expect(fieldErrors({ displayName: "Sam", email: "sam@", password: "short" }, true)).toEqual({
      email: "That doesn't look like an email address.",
      password: "Use at least 8 characters.",
    });
  });

  it("asks no name and no length when signing in", () => {
    expect(fieldErrors({ displayName: "", email: "sam@example.com", password: "short" }, false)).toEqual({});
  });
});
