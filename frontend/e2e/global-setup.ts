/**
 * Starts a real backend for the browser tests: its own PostgreSQL database and Redis db number, a free
 * port, local AI providers, the built SPA. Also speaks the candidate's answer into a WAV file that
 * Chromium uses as its microphone. Set E2E_BASE_URL to test a server that is already running instead.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, openSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const frontend = resolve(here, "..");
const root = resolve(frontend, "..");
const artifacts = join(here, "artifacts");

const ANSWER =
  "In my last role I led the migration of our billing service to a new database. " +
  "The situation was that outages were costing us customers, so my task was to move without downtime. " +
  "I wrote a dual write plan, tested it for two weeks, and we switched over with zero errors. " +
  "As a result, billing incidents dropped by eighty percent.";

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => ok(port));
    });
    server.on("error", fail);
  });
}

function makeAnswerWav(): void {
  mkdirSync(artifacts, { recursive: true });
  const raw = join(artifacts, "answer-raw.wav");
  execFileSync("espeak-ng", ["-s", "150", "-w", raw, ANSWER]);
  // 48 kHz mono 16-bit is what Chromium's fake capture device reads; a second of silence on each side
  // makes the loop sound like a person pausing between sentences.
  execFileSync("sox", [raw, "-r", "48000", "-c", "1", "-b", "16", join(artifacts, "answer.wav"), "pad", "0.5", "1.5"]);
  // Faint noise (about -66 dBFS), like a quiet room with a muted voice.
  execFileSync("sox", ["-n", "-r", "48000", "-c", "1", "-b", "16", join(artifacts, "silence.wav"), "synth", "5", "whitenoise", "vol", "0.001"]);
}

async function waitForHealth(url: string, server: ChildProcess, logPath: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`backend exited with ${server.exitCode}; see ${logPath}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`backend did not become healthy within 180 s; see ${logPath}`);
}

export default async function globalSetup(): Promise<(() => Promise<void>) | void> {
  makeAnswerWav();
  if (process.env.E2E_BASE_URL) return;

  if (!existsSync(join(frontend, "dist", "index.html"))) {
    execFileSync("npx", ["vite", "build"], { cwd: frontend, stdio: "inherit" });
  }
  const interview = process.env.INTERVIEW_BIN ?? join(root, ".venv", "bin", "interview");
  const database = process.env.E2E_DATABASE ?? "interview_e2e";
  const pgHost = process.env.E2E_PG_HOST ?? "127.0.0.1";
  // A clean database for every run.
  execFileSync("psql", ["-h", pgHost, "-U", "postgres", "-q", "-c", `drop database if exists ${database} with (force)`, "-c", `create database ${database}`], {
    stdio: "inherit",
  });
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: `postgresql://postgres@${pgHost}:5432/${database}`,
    REDIS_URL: process.env.E2E_REDIS_URL ?? "redis://127.0.0.1:6379/12",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: mkdtempSync(join(tmpdir(), "interview-e2e-")),
    INTERVIEW_LENGTH: process.env.INTERVIEW_LENGTH ?? "3",
    // Local providers only: no cloud keys reach the server under test.
    OPENAI_API_KEY: "",
    ANTHROPIC_API_KEY: "",
  };
  execFileSync(interview, ["migrate"], { cwd: root, env, stdio: "inherit" });
  execFileSync(interview, ["seed"], { cwd: root, env, stdio: "inherit" });
  const logPath = join(artifacts, "server.log");
  const log = openSync(logPath, "w");
  const server = spawn(interview, ["serve", "--host", "127.0.0.1", "--port", String(port)], { cwd: root, env, stdio: ["ignore", log, log] });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, server, logPath);
  process.env.E2E_BASE_URL = url;
  console.log(`e2e: backend on ${url} (log: ${logPath}); screenshots in ${artifacts}`);

  return async () => {
    if (server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 1000));
      if (server.exitCode === null) server.kill("SIGKILL");
    }
  };
}
