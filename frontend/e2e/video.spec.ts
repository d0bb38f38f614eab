import { expect, test } from "@playwright/test";
import { api, base, expectAccessible, shot, signInWith, watchConsole } from "./helpers";

/**
 * Video: Chromium's fake camera (a test pattern) and fake microphone (the spoken answer) are
 * recorded with an answer, uploaded in chunks while recording, and played back on the report with
 * captions; choosing a timeline marker seeks the video there.
 */
test("an answer recorded on camera plays on the report and seeks by a timeline marker", async ({ page }) => {
  const errors: string[] = [];
  watchConsole(page, errors);
  const { register } = await api<{ register: { token: string } }>(
    'mutation($e: String!) { register(email: $e, password: "correct horse battery", displayName: "Vera Video") { token } }',
    { e: `e2e-video-${Date.now()}@example.com` },
  );
  const token = register.token;
  const { personas } = await api<{ personas: { id: string }[] }>("{ personas { id } }", {});
  // Behavioral: the offline evaluator quotes the answer's STAR phrases, which the timeline marks.
  const { startInterview } = await api<{ startInterview: { id: string } }>(
    'mutation($p: ID!) { startInterview(input: { personaId: $p, jobTitle: "Video engineer", interviewType: BEHAVIORAL, difficulty: EASY, videoEnabled: true }) { id } }',
    { p: personas[0]!.id },
    token,
  );
  const sessionId = startInterview.id;
  await signInWith(page, token);

  await test.step("answer question 1 on camera", async () => {
    await page.goto(`${base()}/interview/${sessionId}`);
    await expect(page.getByRole("heading", { name: /^Question 1 of/ })).toBeVisible({ timeout: 90_000 });
    await expect(page.getByRole("button", { name: /Hear it again|Play the question/ })).toBeVisible({ timeout: 30_000 });
    await page.getByLabel("Finish automatically after a silence of").selectOption("0");
    await page.getByRole("button", { name: "Start answer" }).click();
    await expect(page.getByRole("timer")).toBeVisible();
    await page.waitForTimeout(12_000);
    await page.getByRole("button", { name: "Done" }).click();
    await expect(page.getByText(/Answer 1 scored/)).toBeVisible({ timeout: 120_000 });
  });

  await test.step("the video was published", async () => {
    await expect
      .poll(
        async () => {
          const { session } = await api<{ session: { transcripts: { speaker: string; videoUrl: string | null }[] } }>(
            "query($id: ID!) { session(id: $id) { transcripts { speaker videoUrl } } }",
            { id: sessionId },
            token,
          );
          return session.transcripts.some((t) => t.speaker === "USER" && t.videoUrl);
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    await api("mutation($s: ID!) { endInterview(sessionId: $s) { id } }", { s: sessionId }, token);
  });

  await test.step("the report plays it with captions, and a marker seeks", async () => {
    await page.goto(`${base()}/report/${sessionId}`);
    const question = page.getByRole("article", { name: "Question 1" });
    const region = question.getByRole("region", { name: "Question 1, on video" });
    await expect(region).toBeVisible({ timeout: 60_000 });
    const video = region.locator("video");
    await expect(video.locator("track[kind=captions]")).toHaveCount(1);

    await video.evaluate(async (v: HTMLVideoElement) => {
      v.muted = true;
      await v.play();
    });
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 }).toBeGreaterThan(0.5);
    // The captions are the answer's words, timed (the fake microphone loops, so where in the
    // spoken answer the recording starts varies).
    const cues = await video.evaluate((v: HTMLVideoElement) => {
      const track = v.textTracks[0];
      return track?.cues ? Array.from(track.cues).map((c) => (c as VTTCue).text) : [];
    });
    expect(cues.length).toBeGreaterThan(1);
    expect(cues.join(" ")).toMatch(/billing|migration|database|downtime|plan|weeks|incident|situation|task/i);

    const markers = region.getByRole("list", { name: "Moments to review" }).getByRole("button");
    await expect(markers.first()).toBeVisible();
    await video.evaluate((v: HTMLVideoElement) => v.pause());
    const last = markers.last();
    const startMs = Number(await last.getAttribute("data-start-ms"));
    await last.click();
    await expect
      .poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(startMs / 1000 - 0.25);
    const at = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
    expect(at).toBeLessThan(startMs / 1000 + 3);
    await expectAccessible(page, "report with video");
    await shot(page, "video-report");
  });

  expect(errors).toEqual([]);
});
