import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const artifacts = join(dirname(fileURLToPath(import.meta.url)), "artifacts");
mkdirSync(artifacts, { recursive: true });

export function base(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error("E2E_BASE_URL is not set (global setup did not start a backend)");
  return url;
}

/** Every console error and uncaught exception of a page, to assert there are none. */
export function watchConsole(page: Page, sink: string[]): void {
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
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "page scrolls sideways").toBeLessThanOrEqual(0);
}

/** Accessibility: no serious or critical WCAG A/AA violation (axe-core) on the page as it is now. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const summary = serious.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")}`);
  expect(summary, `accessibility of ${name}`).toEqual([]);
}

/** A GraphQL call straight to the API, for setting up a test quickly. */
export async function api<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const res = await fetch(`${base()}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (!body.data) throw new Error(`API call failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** A new candidate with an interview started, straight through the API. */
export async function candidateWithInterview(name: string, jobTitle: string): Promise<{ token: string; sessionId: string }> {
  const { register } = await api<{ register: { token: string } }>(
    "mutation($e: String!, $n: String!) { register(email: $e, password: \"correct horse battery\", displayName: $n) { token } }",
    { e: `e2e-${name.toLowerCase()}-${Date.now()}@example.com`, n: name },
  );
  const { personas } = await api<{ personas: { id: string }[] }>("{ personas { id } }", {});
  const { startInterview } = await api<{ startInterview: { id: string } }>(
    "mutation($p: ID!, $j: String!) { startInterview(input: { personaId: $p, jobTitle: $j, interviewType: TECHNICAL, difficulty: EASY }) { id } }",
    { p: personas[0]!.id, j: jobTitle },
    register.token,
  );
  return { token: register.token, sessionId: startInterview.id };
}

export async function signInWith(page: Page, token: string): Promise<void> {
  await page.goto(`${base()}/signin`);
  await page.evaluate((t) => localStorage.setItem("interview.token", t), token);
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}
