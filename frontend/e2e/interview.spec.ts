/**
 * The candidate's whole journey against a real backend with local providers: sign up, lobby, a
 * three-answer interview spoken through Chromium's fake microphone, the report, and the report's
 * share link opened in a fresh browser context. Screenshots of every page go to e2e/artifacts/.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page, type WebSocketRoute } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const artifacts = join(dirname(fileURLToPath(import.meta.url)), "artifacts");
mkdirSync(artifacts, { recursive: true });

function base(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error("E2E_BASE_URL is not set (global setup did not start a backend)");
  return url;
}

/** Every console error and uncaught exception of a page, to assert there are none. */
function watchConsole(page: Page, sink: string[]): void {
  page.on("console", (msg) => {
    if (msg.type() === "error") sink.push(`${page.url()}: ${msg.text()}`);
  });
  page.on("pageerror", (error) => sink.push(`${page.url()}: ${error.message}`));
  // GraphQL errors are part of the UI (shown as messages), not console errors: print them for diagnosis.
  page.on("response", async (response) => {
    if (!response.url().includes("/graphql")) return;
    try {
      const body = (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
      for (const e of body.errors ?? []) console.log(`graphql error (${e.extensions?.code ?? "?"}) on ${response.request().method()}: ${e.message}`);
    } catch {
      // not JSON
    }
  });
}

/** Nothing may scroll sideways at a phone's width. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "page scrolls sideways").toBeLessThanOrEqual(0);
}

/** A GraphQL call straight to the API, for setting up a test quickly. */
async function api<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const res = await fetch(`${base()}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (!body.data) throw new Error(`API call failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Accessibility: no serious or critical WCAG A/AA violation (axe-core) on the page as it is now. */
async function expectAccessible(page: Page, name: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const summary = serious.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")}`);
  expect(summary, `accessibility of ${name}`).toEqual([]);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

test.describe.configure({ mode: "serial" });

test("a candidate signs up, interviews, reads the report and shares it", async ({ page, browser }) => {
  const errors: string[] = [];
  watchConsole(page, errors);
  const email = `e2e-${Date.now()}@example.com`;
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
    await expect(page.getByText(/Not enough interviews yet to compare|percentile/)).toBeVisible();
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
    await other.setViewportSize({ width: 360, height: 780 });
    await expectNoSidewaysScroll(other);
    await shot(other, "06-shared-report-phone");
    await context.close();
  });

  await test.step("history", async () => {
    await page.goto(`${base()}/history`);
    await expect(page.getByRole("link", { name: "Senior backend engineer" })).toBeVisible();
    await expect(page.getByRole("img", { name: /Overall score by date/ })).toBeVisible();
    await expectAccessible(page, "history");
    await shot(page, "07-history");
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
});

test("pause, resume, skip, live metrics while speaking, and a dropped websocket", async ({ page }) => {
  const errors: string[] = [];
  watchConsole(page, errors);
  const { register } = await api<{ register: { token: string } }>(
    "mutation($e: String!) { register(email: $e, password: \"correct horse battery\", displayName: \"Robin\") { token } }",
    { e: `e2e-ws-${Date.now()}@example.com` },
  );
  const { personas } = await api<{ personas: { id: string }[] }>("{ personas { id } }", {});
  const { startInterview } = await api<{ startInterview: { id: string } }>(
    "mutation($p: ID!) { startInterview(input: { personaId: $p, jobTitle: \"Data engineer\", interviewType: TECHNICAL, difficulty: EASY }) { id } }",
    { p: personas[0]!.id },
    register.token,
  );

  // Every websocket goes through the test, so it can cut the connection like a network drop would.
  const sockets: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/graphql$/, (ws) => {
    sockets.push(ws);
    ws.connectToServer();
  });
  await page.goto(`${base()}/signin`);
  await page.evaluate((token) => localStorage.setItem("interview.token", token), register.token);
  await page.goto(`${base()}/interview/${startInterview.id}`);
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
