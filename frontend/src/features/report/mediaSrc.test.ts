import { describe, expect, it } from "vitest";
import { mediaSrc } from "./mediaSrc";

describe("mediaSrc", () => {
  it("keeps the path (with its signature) of the server's absolute URL", () => {
    expect(mediaSrc("http://127.0.0.1:8000/media/eyJ.abc.def")).toBe("/media/eyJ.abc.def");
    expect(mediaSrc("https://interview.example.com/media/eyJ.abc.def?v=1")).toBe("/media/eyJ.abc.def?v=1");
    expect(mediaSrc("/media/eyJ.abc.def")).toBe("/media/eyJ.abc.def");
  });
});
