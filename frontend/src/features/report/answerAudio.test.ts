import { describe, expect, it } from "vitest";
import { answerAudioPath, fetchAnswerAudio } from "./answerAudio";

describe("answer audio", () => {
  it("keeps only the path of the server's absolute URL", () => {
    expect(answerAudioPath("http://127.0.0.1:8000/answers/abc/audio")).toBe("/answers/abc/audio");
    expect(answerAudioPath("https://interview.example.com/answers/abc/audio?v=1")).toBe("/answers/abc/audio?v=1");
    expect(answerAudioPath("/answers/abc/audio")).toBe("/answers/abc/audio");
  });

  it("sends the bearer token and returns the bytes as a Blob", async () => {
    const calls: [string, RequestInit | undefined][] = [];
    const fake = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push([String(input), init]);
      return new Response(new Uint8Array([1, 2, 3]), { headers: { "content-type": "audio/webm" } });
    }) as typeof fetch;
    const blob = await fetchAnswerAudio("http://x/answers/a/audio", { authorization: "Bearer t" }, fake);
    expect(calls).toEqual([["/answers/a/audio", { headers: { authorization: "Bearer t" } }]]);
    expect(blob.type).toBe("audio/webm");
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("fails on a 404 instead of playing an error page", async () => {
    const fake = (async () => new Response(null, { status: 404 })) as typeof fetch;
    await expect(fetchAnswerAudio("/answers/a/audio", {}, fake)).rejects.toThrow(/404/);
  });
});
