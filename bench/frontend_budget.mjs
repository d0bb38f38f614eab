#!/usr/bin/env node
/**
 * The SPA's two budgets, measured on the production build (run `npm run build` in frontend/ first):
 *
 * 1. Initial JS of the lobby page < 200 KB gzipped: the entry chunk and its static imports, plus the
 *    lobby route's chunk and its static imports (the router loads it at once on "/"), each file
 *    counted once, gzipped at level 6 as a web server would send it. From dist/.vite/manifest.json.
 * 2. Report page interactive < 1 s: Chromium (Playwright, /usr/bin/chromium) opens /report/:id
 *    from a local static server with a fresh cache; "interactive" is the later of (a) the report's
 *    content rendered and (b) the end of the last long task (> 50 ms) before a 500 ms quiet window.
 *    Median of 5 runs. GraphQL answers come from a real backend when BUDGET_API_URL is set
 *    (proxied), otherwise from a recorded report of six answered questions served locally, so the
 *    figure measures the SPA, not the network.
 *
 * Usage: node bench/frontend_budget.mjs   (from the repository root or from frontend/)
 * BUDGET_SCREENSHOT=/tmp/report.png saves what the first run rendered.
 */
import { createServer, request as httpRequest } from "node:http";
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { extname, join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const frontend = resolve(here, "..", "frontend");
const dist = join(frontend, "dist");
const require = createRequire(join(frontend, "package.json"));

const LOBBY_BUDGET_KB = 200;
const REPORT_TTI_BUDGET_MS = 1000;

function lobbyInitialJs() {
  const manifestPath = join(dist, ".vite", "manifest.json");
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} is missing: run \`npm run build\` in frontend/ first`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
  const lobbyKey = Object.keys(manifest).find((k) => k.endsWith("routes/LobbyPage.tsx"));
  if (!entryKey || !lobbyKey) throw new Error("entry or lobby chunk not found in the manifest");
  const files = new Map();
  const visit = (key) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    const bytes = readFileSync(join(dist, chunk.file));
    files.set(chunk.file, { raw: bytes.length, gzip: gzipSync(bytes, { level: 6 }).length });
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entryKey);
  visit(lobbyKey);
  return files;
}

// --- a recorded report, as the API returns it -------------------------------------------------
function fixtureReport() {
  const at = "2026-11-25T10:00:00+00:00";
  const feedback = (i) => ({
    __typename: "Feedback",
    id: `f${i}`,
    technicalScore: 6 + (i % 3),
    clarityScore: 7,
    confidenceScore: 6.5,
    behavioralScore: 7.5,
    overallScore: 6.8 + i * 0.2,
    technicalFeedback: "Solid grasp of the trade-offs; name the failure modes explicitly.",
    clarityFeedback: "Well structured, with a clear beginning and end.",
    confidenceFeedback: "Steady delivery; a few hedges at the start.",
    behavioralFeedback: "Good use of a concrete example.",
    star: { __typename: "StarAnalysis", hasSituation: true, hasTask: true, hasAction: true, hasResult: i % 2 === 0 },
    speechQualityScore: 7,
    fillerWordsDetected: ["um"],
    feedbackSummary: "A clear, well-structured answer with a concrete result.",
    improvementSuggestions: ["Quantify the outcome", "Lead with the decision"],
  });
  const questions = [];
  const transcripts = [];
  for (let i = 1; i <= 6; i++) {
    questions.push({
      __typename: "Question",
      id: `q${i}`,
      sequenceNumber: i,
      questionText: `Tell me about a time you had to make a difficult technical decision under pressure (${i}).`,
      questionType: "BEHAVIORAL",
      difficulty: "MEDIUM",
      isFollowUp: false,
      askedAt: at,
      answeredAt: at,
      skipped: false,
      responseTimeSeconds: 40,
      answerQualityScore: 7,
    });
    transcripts.push(
      { __typename: "Transcript", id: `a${i}`, sequenceNumber: i, speaker: "AI", speakerName: "Ada", text: questions[i - 1].questionText, audioDurationMs: 4000, confidenceScore: null, timestamp: at, voiceMetrics: null, feedback: null },
      {
        __typename: "Transcript",
        id: `u${i}`,
        sequenceNumber: i,
        speaker: "USER",
        speakerName: "Sam",
        text: "In my last role I led the migration of our billing service to a new database without downtime. ".repeat(4),
        audioDurationMs: 42000,
        confidenceScore: 0.93,
        timestamp: at,
        voiceMetrics: { __typename: "VoiceMetrics", speechPace: 138, pauseCount: 3, fillerWordCount: 1, fillerWords: ["um"], volumeLevel: 0.62, clarityScore: 7.4 },
        feedback: feedback(i),
      },
    );
  }
  const best = transcripts[11];
  const worst = transcripts[1];
  return {
    __typename: "Report",
    id: "r1",
    overallScore: 7.4,
    avgTechnicalScore: 7.1,
    avgClarityScore: 7.6,
    avgConfidenceScore: 6.9,
    avgBehavioralScore: 7.8,
    strengths: ["Concrete examples", "Clear structure", "Calm delivery"],
    weaknesses: ["Results not always quantified", "Long openings"],
    keyHighlights: ["Strong answer on the billing migration"],
    immediateImprovements: ["State the result in numbers", "Open with the decision"],
    practiceAreas: ["System design trade-offs", "Conflict resolution stories"],
    resourcesRecommended: [{ title: "The STAR method", url: "https://example.com/star", description: "Structure behavioural answers" }],
    totalSpeakingTimeSeconds: 252,
    avgResponseTimeSeconds: 3.2,
    totalFillerWords: 6,
    avgSpeechPace: 138,
    questionsAnswered: 6,
    questionsSkipped: 0,
    bestAnswer: best,
    worstAnswer: worst,
    percentileRank: null,
    comparedToCount: 4,
    createdAt: at,
    session: {
      __typename: "InterviewSession",
      id: "s1",
      jobTitle: "Senior backend engineer",
      interviewType: "BEHAVIORAL",
      difficulty: "MEDIUM",
      status: "COMPLETED",
      startTime: at,
      endTime: at,
      durationSeconds: 1260,
      persona: { __typename: "Persona", id: "p1", name: "Ada Moreno", title: "Engineering manager", style: "warm", description: "", voice: "joe" },
      questions,
      transcripts,
    },
  };
}

function fixtureAnswer(body) {
  const query = body?.query ?? "";
  if (query.includes("reportBySession") || query.includes("reportByShareToken")) {
    const key = query.includes("reportBySession") ? "reportBySession" : "reportByShareToken";
    return { data: { [key]: fixtureReport() } };
  }
  if (/\bme\b/.test(query)) return { data: { me: { __typename: "User", id: "u1", email: "sam@example.com", displayName: "Sam" } } };
  return { data: null, errors: [{ message: "not in the fixture", extensions: { code: "NOT_FOUND" } }] };
}

const TYPES = { ".js": "text/javascript", ".css": "text/css", ".html": "text/html", ".svg": "image/svg+xml", ".json": "application/json" };

function serve(apiUrl) {
  return new Promise((ok) => {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      if (url.pathname === "/graphql") {
        if (apiUrl) {
          const target = new URL("/graphql" + url.search, apiUrl);
          const upstream = httpRequest(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (r) => {
            res.writeHead(r.statusCode ?? 502, r.headers);
            r.pipe(res);
          });
          req.pipe(upstream);
          return;
        }
        let raw = "";
        req.on("data", (c) => (raw += c));
        req.on("end", () => {
          const body = req.method === "GET" ? { query: url.searchParams.get("query") } : JSON.parse(raw || "{}");
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify(fixtureAnswer(body)));
        });
        return;
      }
      let file = join(dist, url.pathname);
      if (!file.startsWith(dist) || !existsSync(file) || url.pathname === "/") file = join(dist, "index.html");
      try {
        const bytes = readFileSync(file);
        res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
        res.end(bytes);
      } catch {
        res.writeHead(200, { "content-type": "text/html" });
        res.end(readFileSync(join(dist, "index.html")));
      }
    });
    server.listen(0, "127.0.0.1", () => ok(server));
  });
}

async function reportTti() {
  const apiUrl = process.env.BUDGET_API_URL ?? null;
  const token = process.env.BUDGET_TOKEN ?? "budget-token";
  const sessionId = process.env.BUDGET_SESSION_ID ?? "s1";
  const { chromium } = require("playwright-core");
  const server = await serve(apiUrl);
  const port = server.address().port;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const runs = [];
  try {
    for (let i = 0; i < 5; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      await context.addInitScript((t) => {
        localStorage.setItem("interview.token", t);
        window.__longTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.__longTasks.push(e.startTime + e.duration);
        }).observe({ type: "longtask", buffered: true });
      }, token);
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/report/${sessionId}`, { waitUntil: "commit" });
      await page.getByRole("heading", { name: "Question by question" }).waitFor({ timeout: 15_000 });
      const rendered = await page.evaluate(() => performance.now());
      await page.waitForTimeout(600);
      if (i === 0 && process.env.BUDGET_SCREENSHOT) await page.screenshot({ path: process.env.BUDGET_SCREENSHOT, fullPage: true });
      const lastLong = await page.evaluate(() => Math.max(0, ...window.__longTasks));
      runs.push(Math.max(rendered, lastLong));
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  runs.sort((a, b) => a - b);
  return { median: runs[Math.floor(runs.length / 2)], runs, source: apiUrl ? `backend ${apiUrl}` : "recorded report (local fixture)" };
}

const files = lobbyInitialJs();
const total = [...files.values()].reduce((s, f) => s + f.gzip, 0) / 1024;
console.log("Lobby initial JS (gzipped):");
for (const [file, size] of files) console.log(`  ${file.padEnd(44)} ${(size.gzip / 1024).toFixed(1).padStart(7)} KB  (${(size.raw / 1024).toFixed(1)} KB raw)`);
console.log(`  total ${total.toFixed(1)} KB / target < ${LOBBY_BUDGET_KB} KB  → ratio ${(total / LOBBY_BUDGET_KB).toFixed(2)} ${total < LOBBY_BUDGET_KB ? "OK" : "OVER"}`);

let ok = total < LOBBY_BUDGET_KB;
try {
  const tti = await reportTti();
  console.log(`Report page time to interactive (${tti.source}), median of ${tti.runs.length}:`);
  console.log(`  runs ${tti.runs.map((r) => r.toFixed(0)).join(", ")} ms`);
  console.log(`  median ${tti.median.toFixed(0)} ms / target < ${REPORT_TTI_BUDGET_MS} ms  → ratio ${(tti.median / REPORT_TTI_BUDGET_MS).toFixed(2)} ${tti.median < REPORT_TTI_BUDGET_MS ? "OK" : "OVER"}`);
  ok = ok && tti.median < REPORT_TTI_BUDGET_MS;
} catch (error) {
  console.log(`Report page time to interactive: not measured (${error instanceof Error ? error.message : error})`);
  ok = false;
}
process.exit(ok ? 0 : 1);
