/**
 * The candidate's whole journey against a real backend with local providers: sign up, lobby, a
 * three-answer interview spoken through Chromium's fake microphone, the report, and the report's
 * share link opened in a fresh browser context. Screenshots of every page go to e2e/artifacts/.
 */
import { expect, test, type WebSocketRoute } from "@playwright/test";
import { api, base, candidateWithInterview, expectAccessible, expectNoSidewaysScroll, shot, signInWith, watchConsole } from "./helpers";

test("a candidate signs up, interviews, reads the report, shares it, then deletes it all", async ({ page, browser }) => {
  const errors: string[] = [];
  watchConsole(page, errors);
  const email = `e2e-${Date.now()}@example.com`;
  // Answers finished from the live chunks (finishAnswer is a plain JSON request, so it can be counted;
  // Playwright does not expose the bodies of multipart uploads).
  let finishedFromChunks = 0;
  page.on("request", (request) => {
    if (request.url().includes("/graphql") && (request.postData() ?? "").includes('"operationName":"FinishAnswer"')) finishedFromChunks++;
  });
  const answers = 3;
  let shareUrl = "";

  await test.step("sign up", async () => {
    await page.goto(`${base()}/signup`);
    await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();
    await page.getByLabel("Your name").fill("Sam Candidate");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("correct horse battery");
    await expectAccessible(page, "sign up");
    await shot(page, "01-signup");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { name: "Practise an interview" })).toBeVisible();
  });

  await test.step("lobby: persona, role, devices", async () => {
    await expect(page.getByRole("radio").first()).toBeChecked();
    await page.getByLabel("Job title").fill("Senior backend engineer");
    await page.getByLabel("Interview type").selectOption("BEHAVIORAL");
    await page.getByLabel("Difficulty").selectOption("MEDIUM");
    // Hear a sample of the first interviewer's voice: fetched once, played from a Blob URL.
    const sampleResponse = page.waitForResponse((r) => r.url().includes("/graphql") && `${r.url()} ${r.request().postData() ?? ""}`.includes("PersonaVoiceSample"));
    await page.getByRole("button", { name: /^Hear a sample of / }).first().click();
    const sample = await sampleResponse;
    expect(sample.ok()).toBe(true);
    expect((await sample.json()).data.personaVoiceSample.base64.length).toBeGreaterThan(1000);
    await expect(page.locator("audio[data-persona-sample]").first()).toHaveAttribute("src", /^blob:/);
    await page.getByRole("button", { name: "Check camera and microphone" }).click();
    await expect(page.getByText("Microphone ready")).toBeVisible();
    await expect(page.getByText("We can hear you")).toBeVisible({ timeout: 15_000 });
    await expectAccessible(page, "lobby");
    await shot(page, "02-lobby");
    await page.setViewportSize({ width: 360, height: 780 });
    await expectNoSidewaysScroll(page);
    await shot(page, "02-lobby-phone");
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.getByRole("button", { name: "Start interview" }).click();
    await page.waitForURL(/\/interview\/[^/]+$/);
  });

  const sessionId = page.url().split("/").pop() ?? "";

  for (let n = 1; n <= answers; n++) {
    await test.step(`answer question ${n}`, async () => {
      await expect(page.getByRole("heading", { name: new RegExp(`^Question ${n} of`) })).toBeVisible({ timeout: 90_000 });
      // The interviewer's voice arrived (streamed chunks or the mutation's clip) and can be replayed.
      await expect(page.getByRole("button", { name: /Hear it again|Play the question/ })).toBeVisible({ timeout: 30_000 });
      const start = page.getByRole("button", { name: "Start answer" });
      await expect(start).toBeEnabled();
      // Never auto-finish here: the fake microphone loops, and the test decides when the answer ends.
      await page.getByLabel("Finish automatically after a silence of").selectOption("0");
      await start.click();
      await expect(page.getByRole("timer")).toBeVisible();
      await page.waitForTimeout(9_000);
      if (n === 1) {
        await expectAccessible(page, "interview while recording");
        await shot(page, "03-interview-recording");
      }
      await page.getByRole("button", { name: "Done" }).click();
      // The answer is transcribed, scored and shown in the transcript.
      await expect(page.locator("ol li").filter({ hasText: `Sam Candidate · Q${n}` })).toBeVisible({ timeout: 120_000 });
      await expect(page.getByText(new RegExp(`Answer ${n} scored`))).toBeVisible({ timeout: 60_000 });
      if (n < answers) await expect(page.getByRole("heading", { name: new RegExp(`^Question ${n + 1} of`) })).toBeVisible({ timeout: 90_000 });
      await shot(page, `04-interview-after-answer-${n}`);
    });
  }

  await test.step("the answers went up live, chunk by chunk, and Done only finished them", async () => {
    expect(finishedFromChunks).toBe(answers);
  });

  await test.step("reload keeps the interview", async () => {
    await page.reload();
    await expect(page.locator("ol li").filter({ hasText: `Sam Candidate · Q${answers}` })).toBeVisible();
  });

  await test.step("end the interview", async () => {
    const finish = page.getByRole("button", { name: "Finish and see my report" });
    if (await finish.isVisible()) await finish.click();
    else {
      await page.getByRole("button", { name: "End interview" }).click();
      await page.getByRole("button", { name: "End now" }).click();
    }
    await page.waitForURL(new RegExp(`/report/${sessionId}$`), { timeout: 120_000 });
  });

  await test.step("report", async () => {
    await expect(page.getByRole("heading", { name: "Overall" })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole("heading", { name: "Question by question" })).toBeVisible();
    await expect(page.getByRole("article", { name: "Question 1" })).toBeVisible();
    // The candidate's own recording of an answered question, played straight from its signed URL.
    await page.getByRole("article", { name: "Question 1" }).getByRole("button", { name: /^Play my answer/ }).click();
    await expect(page.getByLabel("My answer to question 1")).toHaveAttribute("src", /^\/media\//);
    await expect(page.getByText(/^Not ranked yet|percentile\)$/)).toBeVisible();
    await expectAccessible(page, "report");
    await shot(page, "05-report");
    await page.getByRole("button", { name: "Create share link" }).click();
    const link = page.getByLabel("Share link");
    await expect(link).toHaveValue(/\/share\//);
    shareUrl = await link.inputValue();
    await page.getByRole("button", { name: "Copy link" }).click();
    await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  });

  await test.step("the share link works without signing in", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const other = await context.newPage();
    watchConsole(other, errors);
    // The link names the server's public URL; the test server may listen elsewhere, so keep the path.
    const path = new URL(shareUrl).pathname;
    await other.goto(`${base()}${path}`);
    await expect(other.getByRole("heading", { name: /Interview report: Senior backend engineer/ })).toBeVisible({ timeout: 30_000 });
    await expect(other.getByRole("heading", { name: "Question by question" })).toBeVisible();
    await expect(other.getByRole("button", { name: "Create share link" })).toHaveCount(0);
    await expect(other.getByRole("button", { name: /Play my answer/ })).toHaveCount(0);
    await other.setViewportSize({ width: 360, height: 780 });
    await expectNoSidewaysScroll(other);
    await shot(other, "06-shared-report-phone");
    await context.close();
  });

  await test.step("turning the link off stops it working", async () => {
    await page.getByRole("button", { name: "Turn off link" }).click();
    await expect(page.getByRole("button", { name: "Create share link" })).toBeVisible();
    const context = await browser.newContext();
    const other = await context.newPage();
    await other.goto(`${base()}${new URL(shareUrl).pathname}`);
    await expect(other.getByRole("alert")).toContainText(/doesn't work any more|couldn't find/);
    await context.close();
  });

  await test.step("history", async () => {
    await page.goto(`${base()}/history`);
    await expect(page.getByRole("link", { name: "Senior backend engineer" })).toBeVisible();
    await expect(page.getByRole("img", { name: /Overall score by date/ })).toBeVisible();
    await expectAccessible(page, "history");
    await shot(page, "07-history");
  });

  await test.step("delete the interview, then the account", async () => {
    await page.getByRole("button", { name: /^Delete this interview: Senior backend engineer/ }).click();
    await expect(page.getByRole("alertdialog", { name: /for good/ })).toBeVisible();
    await expectAccessible(page, "history-confirm-deletion");
    await page.getByRole("button", { name: "Delete for good" }).click();
    await expect(page.getByRole("link", { name: "Senior backend engineer" })).toHaveCount(0);
    await expect(page.getByText(/No interviews yet/)).toBeVisible();

    await page.getByRole("link", { name: "Account" }).click();
    await page.getByRole("button", { name: "Delete my account" }).click();
    await page.getByLabel("Your password").fill("correct horse battery");
    await expectAccessible(page, "account-confirm-deletion");
    await page.getByRole("button", { name: "Delete my account for good" }).click();
    await page.waitForURL(/\/signup$/);
  });

  await test.step("no console errors", async () => {
    expect(errors, errors.join("\n")).toEqual([]);
  });
});

test("sign-in errors are shown in words", async ({ page }) => {
  await page.goto(`${base()}/signin`);
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await shot(page, "08-signin-error");

  // Signing up with an email that already has an account says so beside the email field.
  const email = `e2e-taken-${Date.now()}@example.com`;
  await api("mutation($e: String!) { register(email: $e, password: \"correct horse battery\", displayName: \"First\") { token } }", { e: email });
  await page.goto(`${base()}/signup`);
  await page.getByLabel("Your name").fill("Second");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("alert")).toContainText(/already exists/);
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
});

test("pause, resume, skip, live metrics while speaking, and a dropped websocket", async ({ page }) => {
  const errors: string[] = [];
  watchConsole(page, errors);
  const { token, sessionId } = await candidateWithInterview("Robin", "Data engineer");

  // Every websocket goes through the test, so it can cut the connection like a network drop would.
  const sockets: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/graphql$/, (ws) => {
    sockets.push(ws);
    ws.connectToServer();
  });
  await signInWith(page, token);
  await page.goto(`${base()}/interview/${sessionId}`);
  await expect(page.getByRole("heading", { name: /^Question 1 of/ })).toBeVisible({ timeout: 90_000 });

  await test.step("pause and resume", async () => {
    await page.getByRole("button", { name: "Pause" }).click();
    await expect(page.getByText("Paused", { exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: "Start answer" })).toBeDisabled();
    await page.getByRole("button", { name: "Resume" }).click();
    await expect(page.getByRole("button", { name: "Start answer" })).toBeEnabled();
  });

  await test.step("skip a question", async () => {
    await page.getByRole("button", { name: "Skip question" }).click();
    await expect(page.getByRole("heading", { name: /^Question 2 of/ })).toBeVisible({ timeout: 90_000 });
  });

  await test.step("the websocket drops and comes back", async () => {
    expect(sockets.length).toBeGreaterThan(0);
    await sockets[sockets.length - 1]!.close({ code: 1012, reason: "test: network drop" });
    await expect.poll(() => sockets.length, { timeout: 30_000 }).toBeGreaterThan(1);
  });

  await test.step("live metrics move while speaking; the answer lands after the reconnect", async () => {
    await page.getByLabel("Finish automatically after a silence of").selectOption("0");
    await page.getByRole("button", { name: "Start answer" }).click();
    const pace = page.getByText(/^\d+ wpm$/);
    await expect(pace).toBeVisible({ timeout: 20_000 });
    await shot(page, "09-live-metrics-while-speaking");
    await page.waitForTimeout(3_000);
    await page.getByRole("button", { name: "Done" }).click();
    await expect(page.locator("ol li").filter({ hasText: "Robin · Q2" })).toBeVisible({ timeout: 120_000 });
    await expect(page.getByRole("heading", { name: /^Question 3 of/ })).toBeVisible({ timeout: 90_000 });
  });

  expect(errors, errors.join("\n")).toEqual([]);
});

test("a refused or missing microphone is explained", async ({ page }) => {
  const { token } = await candidateWithInterview("Kim", "Designer");
  await signInWith(page, token);
  for (const [name, title] of [
    ["NotAllowedError", "Microphone access is blocked"],
    ["NotFoundError", "No microphone found"],
  ] as const) {
    // The browser's answer is what this test controls; everything after it is the app's.
    await page.addInitScript((errorName) => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException("test", errorName));
    }, name);
    await page.goto(`${base()}/`);
    await page.getByRole("button", { name: "Check camera and microphone" }).click();
    await expect(page.getByRole("alert")).toContainText(title);
    await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
    if (name === "NotAllowedError") await shot(page, "10-lobby-microphone-blocked");
  }
});
