import { defineConfig } from "@playwright/test";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
/** Written by global setup before any browser starts; Chromium plays it as the microphone, in a loop. */
export const FAKE_MIC_WAV = join(here, "e2e", "artifacts", "answer.wav");
/** A microphone that hears only faint room noise, for the "no speech detected" path. */
export const SILENT_MIC_WAV = join(here, "e2e", "artifacts", "silence.wav");

const chromiumArgs = (micWav: string) => [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream",
  `--use-file-for-fake-audio-capture=${micWav}`,
  "--autoplay-policy=no-user-gesture-required",
];
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  timeout: 6 * 60_000,
  expect: { timeout: 30_000 },
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: process.env.E2E_BASE_URL,
    viewport: { width: 1280, height: 860 },
    permissions: ["camera", "microphone", "clipboard-read", "clipboard-write"],
    trace: "off",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "speaking", testIgnore: /silence\.spec/, use: { launchOptions: { executablePath, args: chromiumArgs(FAKE_MIC_WAV) } } },
    { name: "silent-mic", testMatch: /silence\.spec/, use: { launchOptions: { executablePath, args: chromiumArgs(SILENT_MIC_WAV) } } },
  ],
});
