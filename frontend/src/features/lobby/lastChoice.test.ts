// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from "vitest";
import { lastChoice, rememberChoice } from "./lastChoice";

describe("the last interviewer and job title", () => {
  beforeEach(() => localStorage.clear());

  it("are remembered for the next interview", () => {
    expect(lastChoice()).toEqual({ personaId: null, jobTitle: "" });
    rememberChoice({ personaId: "p2", jobTitle: "Data engineer" });
    expect(lastChoice()).toEqual({ personaId: "p2", jobTitle: "Data engineer" });
  });

  it("start fresh when what was stored is unreadable", () => {
    localStorage.setItem("interview.lastChoice", "{not json");
    expect(lastChoice()).toEqual({ personaId: null, jobTitle: "" });
  });
});
