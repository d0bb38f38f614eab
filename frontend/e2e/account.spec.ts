/**
 * The account page (issue 16): change the password, sign out everywhere; and the security headers
 * the SPA is served with.
 */
import { expect, test } from "@playwright/test";
import { api, base, candidateWithInterview, expectAccessible, shot, signInWith, watchConsole } from "./helpers";

test("the SPA is served with its security headers", async ({ page }) => {
  const response = await page.goto(`${base()}/signin`);
  const headers = response?.headers() ?? {};
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toContain("script-src 'self'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("no-referrer");
  // the page runs under its policy: no violation reported
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) violations.push(message.text());
  });
  await page.reload();
  await expect(page.getByRole("heading", { name: "Welcome back" })).toBeVisible();
  expect(violations).toEqual([]);
});

test("a candidate changes the password and signs out everywhere", async ({ page }) => {
  const errors: string[] = [];
  watchConsole(page, errors);
  const { token } = await candidateWithInterview("Account", "Engineer");
  await signInWith(page, token);
  await page.goto(`${base()}/account`);
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expectAccessible(page, "account");

  await page.getByLabel("Current password").fill("not my password");
  await page.getByLabel("New password").fill("a brand new secret");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("The current password is wrong.")).toBeVisible();

  await page.getByLabel("Current password").fill("correct horse battery");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed.")).toBeVisible();
  await shot(page, "account-password-changed");
  // the old token was revoked; the page carries on with the fresh one
  const me = await api<{ me: { id: string } | null }>("{ me { id } }", {}, token);
  expect(me.me).toBeNull();

  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/signin/);
  expect(errors).toEqual([]);
});
