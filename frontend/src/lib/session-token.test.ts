import { beforeEach, describe, expect, it } from "vitest";
import { bearer, onTokenChange, readToken, writeToken } from "./session-token";

class MemoryStorage {
  private items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

describe("the bearer token", () => {
  beforeEach(() => {
    (globalThis as unknown as { localStorage: MemoryStorage }).localStorage = new MemoryStorage();
  });

  it("is sent as 'Bearer <token>' under 'authorization', for HTTP and connection_init alike", () => {
    expect(bearer()).toEqual({});
    writeToken("abc.def");
    expect(bearer()).toEqual({ authorization: "Bearer abc.def" });
  });

  it("is read fresh each time, so signing in or out takes effect at once", () => {
    const seen: (string | null)[] = [];
    const stop = onTokenChange((t) => seen.push(t));
    writeToken("one");
    writeToken(null);
    stop();
    writeToken("two");
    expect(seen).toEqual(["one", null]);
    expect(readToken()).toBe("two");
  });
});
