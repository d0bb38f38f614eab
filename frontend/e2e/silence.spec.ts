/**
 * A microphone that hears nothing: thinking time never triggers the auto-finish; the server answers
 * BAD_USER_INPUT ("no speech detected"), the question stays open, and the candidate records the same
 * question again.
 */
import { expect, test } from "@playwright/test";
import { base, candidateWithInterview, shot, signInWith, watchConsole } from "./helpers";

test("no speech detected lets the candidate record the same question again", async ({ page }) => {
  const errors: string[] = [];
  watchConsole(page, errors);
  const { token, sessionId } = await candidateWithInterview("Quinn", "Analyst");
  await signInWith(page, token);
  await page.goto(`${base()}/interview/${sessionId}`);
  await expect(page.getByRole("heading", { name: /^Question 1 of/ })).toBeVisible({ timeout: 90_000 });
  // Silence before the first word is thinking time: even a short auto-finish never ends the answer.
  await page.getByLabel("Finish automatically after a silence of").selectOption("3");
  await page.getByRole("button", { name: "Start answer" }).click();
  await page.waitForTimeout(5_500);
  await expect(page.getByRole("button", { name: "Done" })).toBeVisible();
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByText(/No speech detected/i).first()).toBeVisible({ timeout: 60_000 });
  await shot(page, "11-no-speech-detected");
  await page.getByRole("button", { name: "Record again" }).click();
  await expect(page.getByRole("heading", { name: /^Question 1 of/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Start answer" })).toBeEnabled();

  // A second take of the same question goes up whole (submitAnswer) and is judged the same way: the
  // message names the new take's length.
  await page.getByRole("button", { name: "Start answer" }).click();
  await page.waitForTimeout(2_000);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByText(/No speech detected in the recording \(0\.0 s of speech in 2\.\d s\)/)).toBeVisible({ timeout: 60_000 });
  await page.getByRole("button", { name: "Record again" }).click();
  await expect(page.getByRole("button", { name: "Start answer" })).toBeEnabled();
  expect(errors, errors.join("\n")).toEqual([]);
});
