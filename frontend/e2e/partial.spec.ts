/**
 * Real-time answers: the candidate's words appear while the answer is still being recorded
 * (PartialTranscript), through Chromium's fake microphone and a real backend with local providers.
 */
import { expect, test } from "@playwright/test";
import { base, candidateWithInterview, signInWith } from "./helpers";

test("the candidate's words appear while the answer is still being recorded", async ({ page }) => {
  const { token, sessionId } = await candidateWithInterview("Kim", "Backend engineer");
  await signInWith(page, token);
  await page.goto(`${base()}/interview/${sessionId}`);
  await expect(page.getByRole("heading", { name: /^Question 1 of/ })).toBeVisible({ timeout: 90_000 });
  const start = page.getByRole("button", { name: "Start answer" });
  await expect(start).toBeEnabled({ timeout: 30_000 });
  // The fake microphone loops; the test decides when the answer ends.
  await page.getByLabel("Finish automatically after a silence of").selectOption("0");
  await start.click();
  await expect(page.getByRole("timer")).toBeVisible();

  // Recognised words show up before Done is pressed: the recording is still running.
  const partial = page.getByTestId("partial-transcript");
  await expect(partial).toBeVisible({ timeout: 45_000 });
  await expect(partial).toContainText(/\w+ \w+/);
  await expect(page.getByRole("button", { name: "Done" })).toBeVisible();

  await page.getByRole("button", { name: "Done" }).click();
  // The final transcript replaces the partial one.
  await expect(page.locator("ol li").filter({ hasText: "Kim · Q1" })).toBeVisible({ timeout: 120_000 });
  await expect(partial).toHaveCount(0);
});
