/**
 * What a candidate trips on (issue 17): a landing page and sign-up with inline errors, a remembered
 * lobby, the question kept in view, a reload mid-answer, and a report with a real PDF, a chart per
 * question and a shared view that speaks of "the candidate".
 */
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { base, candidateWithInterview, shot, signInWith, watchConsole } from "./helpers";

async function expectQuestionInView(page: Page, n: number): Promise<void> {
  await expect(page.getByRole("heading", { name: new RegExp(`^Question ${n} of`) })).toBeInViewport();
  await expect(page.getByRole("button", { name: "Start answer" })).toBeInViewport();
}

async function speak(page: Page, seconds: number): Promise<void> {
  await page.getByLabel("Finish automatically after a silence of").selectOption("0");
  await page.getByRole("button", { name: "Start answer" }).click();
  await expect(page.getByRole("timer")).toBeVisible();
  await page.waitForTimeout(seconds * 1000);
}

test("a newcomer learns what this is, signs up with inline errors, and the lobby remembers the last choice", async ({ page }) => {
  const errors: string[] = [];
  watchConsole(page, errors);
  await page.goto(`${base()}/`);
  await expect(page.getByRole("heading", { name: /Practise interviews out loud/ })).toBeVisible();
  await expect(page.getByText("Welcome back")).toHaveCount(0);
  await shot(page, "20-landing");
  await page.getByRole("main").getByRole("link", { name: "Create an account" }).click();
  await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();

  // Our own messages beside each field, not the browser's bubbles.
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter your name.")).toBeVisible();
  await expect(page.getByText("Enter your email address.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("That doesn't look like an email address.")).toBeVisible();
  await expect(page.getByText("Use at least 8 characters.")).toBeVisible();

  // The sign-in form starts clean, and so does sign-up again.
  await page.getByRole("main").getByRole("link", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Welcome back" })).toBeVisible();
  await expect(page.getByRole("alert")).toHaveCount(0);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter your password.")).toBeVisible();
  await page.getByRole("main").getByRole("link", { name: "Create an account" }).click();
  await expect(page.getByRole("alert")).toHaveCount(0);

  await page.getByLabel("Your name").fill("Nia Newcomer");
  await page.getByLabel("Email").fill(`e2e-newcomer-${Date.now()}@example.com`);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Practise an interview" })).toBeVisible();

  // The role comes before the start button; each persona's voice is described in words.
  const role = await page.getByRole("heading", { name: "The role" }).boundingBox();
  const start = await page.getByRole("button", { name: /Check devices and start|Start interview/ }).boundingBox();
  expect(role!.y).toBeLessThan(start!.y);
  const voices = await page.getByText(/^Voice: /).allTextContents();
  expect(new Set(voices).size).toBe(voices.length);
  expect(voices.join(" ")).not.toContain("en_US");

  await page.getByRole("radio").nth(1).check({ force: true }); // the radio is drawn by its card
  await page.getByLabel("Job title").fill("Platform engineer");
  await page.getByRole("button", { name: "Check devices and start" }).click();
  await page.waitForURL(/\/interview\/[^/]+$/);
  await page.goto(`${base()}/`);
  await expect(page.getByLabel("Job title")).toHaveValue("Platform engineer");
  await expect(page.getByRole("radio").nth(1)).toBeChecked();
  expect(errors, errors.join("\n")).toEqual([]);
});

test("the question stays in view, a reload mid-answer is recoverable, and the report is worth keeping", async ({ page, browser }) => {
  test.setTimeout(10 * 60_000);
  const { token, sessionId } = await candidateWithInterview("Rae", "Site reliability engineer");
  await signInWith(page, token);
  await page.goto(`${base()}/interview/${sessionId}`);

  await test.step("question 1 and Start answer are in view", async () => {
    await expect(page.getByRole("heading", { name: /^Question 1 of/ })).toBeVisible({ timeout: 90_000 });
    await expectQuestionInView(page, 1);
  });

  await test.step("after an answer and after a reload, the next question is in view", async () => {
    await speak(page, 7);
    await page.getByRole("button", { name: "Done" }).click();
    await expect(page.getByRole("heading", { name: /^Question 2 of/ })).toBeVisible({ timeout: 150_000 });
    await expectQuestionInView(page, 2);
    await page.reload();
    await expect(page.getByRole("heading", { name: /^Question 2 of/ })).toBeVisible({ timeout: 30_000 });
    await expectQuestionInView(page, 2);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect(page.getByRole("heading", { name: /^Question 2 of/ })).toBeVisible({ timeout: 30_000 });
    await expectQuestionInView(page, 2);
    await page.mouse.wheel(0, 1500); // scrolling to the transcript keeps the question (sticky on phones)
    await page.waitForTimeout(300);
    await expectQuestionInView(page, 2);
    await shot(page, "21-interview-phone");
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  await test.step("a reload while recording warns, then finishes the answer from what reached the server", async () => {
    await speak(page, 6);
    const warned: string[] = [];
    page.once("dialog", (dialog) => {
      warned.push(dialog.type());
      void dialog.accept();
    });
    await page.reload();
    expect(warned).toEqual(["beforeunload"]);
    await expect(page.getByText(/Your answer to question 2 was cut off/)).toBeVisible({ timeout: 30_000 });
    await shot(page, "22-interrupted-answer");
    await page.getByRole("button", { name: "Use what I said" }).click();
    await expect(page.locator("ol li").filter({ hasText: "Rae · Q2" })).toBeVisible({ timeout: 150_000 });
    await expect(page.getByRole("heading", { name: /^Question 3 of/ })).toBeVisible({ timeout: 150_000 });
  });

  await test.step("or records it again", async () => {
    await speak(page, 4);
    page.once("dialog", (dialog) => void dialog.accept());
    await page.reload();
    await expect(page.getByText(/Your answer to question 3 was cut off/)).toBeVisible({ timeout: 30_000 });
    await page.getByRole("button", { name: "Record again" }).click();
    await expect(page.getByText(/was cut off/)).toHaveCount(0);
    await speak(page, 6);
    await page.getByRole("button", { name: "Done" }).click();
    await expect(page.locator("ol li").filter({ hasText: "Rae · Q3" })).toBeVisible({ timeout: 150_000 });
  });

  await test.step("the report: share and download first, a chart per question, a real PDF", async () => {
    const finish = page.getByRole("button", { name: "Finish and see my report" });
    await expect(finish).toBeVisible({ timeout: 60_000 });
    await finish.click();
    await page.waitForURL(new RegExp(`/report/${sessionId}$`), { timeout: 120_000 });
    const share = page.getByRole("button", { name: "Create share link" });
    await expect(share).toBeVisible({ timeout: 60_000 });
    const shareBox = await share.boundingBox();
    const overallBox = await page.getByRole("heading", { name: "Overall" }).boundingBox();
    expect(shareBox!.y).toBeLessThan(overallBox!.y);
    await expect(page.getByRole("img", { name: /by question/ })).toBeVisible();
    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download PDF" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    await shot(page, "23-report");

    await share.click();
    const link = new URL(await page.getByLabel("Share link").inputValue());
    const context = await browser.newContext();
    const other = await context.newPage();
    await other.goto(`${base()}${link.pathname}`);
    await expect(other.getByRole("heading", { name: "How the candidate spoke" })).toBeVisible({ timeout: 30_000 });
    await expect(other.getByText("How you spoke")).toHaveCount(0);
    await expect(other.getByText("Rae")).toHaveCount(0);
    const shared = other.waitForEvent("download");
    await other.getByRole("link", { name: "Download PDF" }).click();
    expect((await shared).suggestedFilename()).toMatch(/\.pdf$/);
    await context.close();
  });

  await test.step("history: a trend per category, one line per interview type", async () => {
    await page.goto(`${base()}/history`);
    await expect(page.getByRole("heading", { name: "By category" })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("img", { name: /^Technical score by date: Technical / })).toBeVisible();
    await shot(page, "24-history");
  });
});
