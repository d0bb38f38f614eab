import { describe, expect, it } from "vitest";
import { classifyMediaError, MEDIA_MESSAGES } from "./media";

function domError(name: string): Error {
  const e = new Error(name);
  e.name = name;
  return e;
}

describe("camera and microphone errors", () => {
  it("tells a refused permission from a missing device and a busy one", () => {
    expect(classifyMediaError(domError("NotAllowedError"))).toBe("denied");
    expect(classifyMediaError(domError("SecurityError"))).toBe("denied");
    expect(classifyMediaError(domError("NotFoundError"))).toBe("no-device");
    expect(classifyMediaError(domError("OverconstrainedError"))).toBe("no-device");
    expect(classifyMediaError(domError("NotReadableError"))).toBe("busy");
    expect(classifyMediaError("weird")).toBe("unknown");
  });

  it("says what to do for each", () => {
    expect(MEDIA_MESSAGES.denied.body).toMatch(/Allow access/);
    expect(MEDIA_MESSAGES["no-device"].title).toBe("No microphone found");
  });
});
