/** Hand-rolled SVG charts: a few hundred bytes instead of a charting library. */
import { useEffect, useId, useRef, useState, type RefObject } from "react";

/**
 * The width a chart gets on the page, so it is drawn at its real size: text stays readable on a
 * phone instead of shrinking with a scaled viewBox.
 */
function useWidth<T extends HTMLElement>(fallback: number): [RefObject<T | null>, number] {
  const ref = useRef<T | null>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0]?.contentRect.width ?? 0);
      if (w > 0) setWidth(w);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

export interface Bar {
  label: string;
  value: number | null;
}

/** Horizontal bars on a 0..max scale, with the value printed beside each bar. */
export function BarChart({ bars, max = 10, title }: { bars: Bar[]; max?: number; title: string }) {
  const rowH = 34;
  const labelW = 104;
  const [box, measured] = useWidth<HTMLDivElement>(360);
  const width = Math.max(220, Math.min(measured, 520));
  const barW = width - labelW - 44;
  const height = bars.length * rowH;
  const titleId = useId();
  return (
    <div ref={box}>
    <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-labelledby={titleId} style={{ display: "block", maxWidth: "100%", height: "auto" }}>
      <title id={titleId}>
        {title}: {bars.map((b) => `${b.label} ${b.value === null ? "not scored" : b.value.toFixed(1)}`).join(", ")}
      </title>
      {bars.map((bar, i) => {
        const y = i * rowH;
        const w = bar.value === null ? 0 : Math.max(2, (bar.value / max) * barW);
        return (
          <g key={bar.label} transform={`translate(0 ${y})`}>
            <text x={0} y={rowH / 2 + 5} fontSize="14" fill="var(--ink-muted)">
              {bar.label}
            </text>
            <rect x={labelW} y={8} width={barW} height={rowH - 16} rx={6} fill="var(--surface-muted)" />
            <rect x={labelW} y={8} width={w} height={rowH - 16} rx={6} fill="var(--brand)" />
            <text x={labelW + barW + 8} y={rowH / 2 + 5} fontSize="14" fontWeight="600" fill="var(--ink)">
              {bar.value === null ? "—" : bar.value.toFixed(1)}
            </text>
          </g>
        );
      })}
    </svg>
    </div>
  );
}

export interface Point {
  date: Date;
  value: number;
  label: string;
}

/** Scores over time: a line with dots, y fixed to 0..10 so progress reads honestly. */
export function LineChart({ points, title, max = 10 }: { points: Point[]; title: string; max?: number }) {
  const titleId = useId();
  const [box, measured] = useWidth<HTMLDivElement>(640);
  const width = Math.max(260, measured);
  const height = width < 480 ? 200 : 240;
  const pad = { l: 32, r: 16, t: 12, b: 28 };
  const innerW = width - pad.l - pad.r;
  const innerH = height - pad.t - pad.b;
  const sorted = points.slice().sort((a, b) => a.date.getTime() - b.date.getTime());
  const t0 = sorted[0]?.date.getTime() ?? 0;
  const t1 = sorted[sorted.length - 1]?.date.getTime() ?? 1;
  const span = Math.max(1, t1 - t0);
  const x = (d: Date) => (sorted.length === 1 ? pad.l + innerW / 2 : pad.l + ((d.getTime() - t0) / span) * innerW);
  const y = (v: number) => pad.t + innerH - (v / max) * innerH;
  const path = sorted.map((p, i) => `${i === 0 ? "M" : "L"}${x(p.date).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
  const fmt = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
  const ticks = [0, 2.5, 5, 7.5, 10].filter((v) => v <= max);
  return (
    <div ref={box}>
    <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-labelledby={titleId} style={{ display: "block", maxWidth: "100%", height: "auto" }}>
      <title id={titleId}>
        {title}: {sorted.map((p) => `${fmt.format(p.date)} ${p.value.toFixed(1)}`).join(", ")}
      </title>
      {ticks.map((v) => (
        <g key={v}>
          <line x1={pad.l} x2={width - pad.r} y1={y(v)} y2={y(v)} stroke="var(--line)" strokeDasharray={v === 0 ? undefined : "3 4"} />
          <text x={pad.l - 8} y={y(v) + 4} fontSize="11" textAnchor="end" fill="var(--ink-muted)">
            {v}
          </text>
        </g>
      ))}
      <path d={path} fill="none" stroke="var(--brand)" strokeWidth={2.5} strokeLinejoin="round" strokeLinecap="round" />
      {sorted.map((p, i) => (
        <circle key={i} cx={x(p.date)} cy={y(p.value)} r={4.5} fill="var(--surface)" stroke="var(--brand)" strokeWidth={2.5}>
          <title>{`${p.label}: ${p.value.toFixed(1)} on ${fmt.format(p.date)}`}</title>
        </circle>
      ))}
      {sorted.length > 0 ? (
        <>
          <text x={x(sorted[0]!.date)} y={height - 6} fontSize="11" textAnchor={sorted.length === 1 ? "middle" : "start"} fill="var(--ink-muted)">
            {fmt.format(sorted[0]!.date)}
          </text>
          {sorted.length > 1 ? (
            <text x={x(sorted[sorted.length - 1]!.date)} y={height - 6} fontSize="11" textAnchor="end" fill="var(--ink-muted)">
              {fmt.format(sorted[sorted.length - 1]!.date)}
            </text>
          ) : null}
        </>
      ) : null}
    </svg>
    </div>
  );
}

/** The overall score as a ring. */
export function ScoreRing({ score, size = 132, label }: { score: number | null; size?: number; label: string }) {
  const r = size / 2 - 10;
  const c = 2 * Math.PI * r;
  const fraction = score === null ? 0 : Math.min(1, Math.max(0, score / 10));
  return (
    <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} role="img" aria-label={`${label}: ${score === null ? "not scored" : `${score.toFixed(1)} out of 10`}`}>
      <circle cx={size / 2} cy={size / 2} r={r} fill="none" stroke="var(--surface-muted)" strokeWidth={10} />
      <circle
        cx={size / 2}
        cy={size / 2}
        r={r}
        fill="none"
        stroke="var(--brand)"
        strokeWidth={10}
        strokeLinecap="round"
        strokeDasharray={`${c * fraction} ${c}`}
        transform={`rotate(-90 ${size / 2} ${size / 2})`}
      />
      <text x="50%" y="50%" textAnchor="middle" dy="0.1em" fontSize={size / 4} fontWeight="700" fill="var(--ink)">
        {score === null ? "—" : score.toFixed(1)}
      </text>
      <text x="50%" y="50%" textAnchor="middle" dy="1.9em" fontSize={12} fill="var(--ink-muted)">
        out of 10
      </text>
    </svg>
  );
}

export interface QuestionPoint {
  /** The question's number. */
  question: number;
  /** Overall score 0..10; null when the answer was skipped or not scored. */
  score: number | null;
  /** Words per minute; null without an answer. */
  pace: number | null;
}

/**
 * Score and pace question by question: a bar per question for the score (left axis, 0..10) and a
 * line for the pace (right axis, words per minute, with the comfortable 120–160 band shaded).
 */
export function QuestionChart({ points, title }: { points: QuestionPoint[]; title: string }) {
  const titleId = useId();
  const [box, measured] = useWidth<HTMLDivElement>(640);
  const width = Math.max(260, measured);
  const height = 220;
  const pad = { l: 32, r: 44, t: 12, b: 28 };
  const innerW = width - pad.l - pad.r;
  const innerH = height - pad.t - pad.b;
  const paceMax = Math.max(200, ...points.map((p) => p.pace ?? 0));
  const slot = innerW / Math.max(1, points.length);
  const cx = (i: number) => pad.l + slot * i + slot / 2;
  const yScore = (v: number) => pad.t + innerH - (v / 10) * innerH;
  const yPace = (v: number) => pad.t + innerH - (v / paceMax) * innerH;
  const paced = points.map((p, i) => ({ ...p, i })).filter((p) => p.pace !== null);
  const path = paced.map((p, k) => `${k === 0 ? "M" : "L"}${cx(p.i).toFixed(1)},${yPace(p.pace!).toFixed(1)}`).join(" ");
  const barW = Math.min(36, slot * 0.5);
  return (
    <div ref={box}>
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-labelledby={titleId} style={{ display: "block", maxWidth: "100%", height: "auto" }}>
        <title id={titleId}>
          {title}:{" "}
          {points
            .map((p) => `question ${p.question} score ${p.score === null ? "none" : p.score.toFixed(1)}, pace ${p.pace === null ? "none" : `${Math.round(p.pace)} words per minute`}`)
            .join("; ")}
        </title>
        <rect x={pad.l} width={innerW} y={yPace(160)} height={yPace(120) - yPace(160)} fill="var(--brand-soft)" opacity={0.6} />
        {[0, 5, 10].map((v) => (
          <g key={v}>
            <line x1={pad.l} x2={width - pad.r} y1={yScore(v)} y2={yScore(v)} stroke="var(--line)" strokeDasharray={v === 0 ? undefined : "3 4"} />
            <text x={pad.l - 8} y={yScore(v) + 4} fontSize="11" textAnchor="end" fill="var(--ink-muted)">
              {v}
            </text>
          </g>
        ))}
        {[0, 120, 160].map((v) => (
          <text key={v} x={width - pad.r + 6} y={yPace(v) + 4} fontSize="11" fill="var(--ink-muted)">
            {v}
          </text>
        ))}
        {points.map((p, i) => (
          <g key={p.question}>
            {p.score !== null ? <rect x={cx(i) - barW / 2} y={yScore(p.score)} width={barW} height={yScore(0) - yScore(p.score)} rx={4} fill="var(--brand)" /> : null}
            <text x={cx(i)} y={height - 8} fontSize="11" textAnchor="middle" fill="var(--ink-muted)">
              Q{p.question}
            </text>
          </g>
        ))}
        <path d={path} fill="none" stroke="var(--ink)" strokeWidth={2} strokeLinejoin="round" />
        {paced.map((p) => (
          <circle key={p.question} cx={cx(p.i)} cy={yPace(p.pace!)} r={4} fill="var(--surface)" stroke="var(--ink)" strokeWidth={2} />
        ))}
      </svg>
    </div>
  );
}

export interface Series {
  name: string;
  points: Point[];
}

const SERIES_COLOURS = ["var(--brand)", "#b5651d", "#6b4d6e", "#3f6b4f"];
const SERIES_DASHES = [undefined, "6 4", "2 4", "10 3 2 3"];

/** Several lines over the same dates (one per interview type), 0..10, with a legend; colour and dash tell them apart. */
export function TrendChart({ series, title }: { series: Series[]; title: string }) {
  const titleId = useId();
  const [box, measured] = useWidth<HTMLDivElement>(320);
  const width = Math.max(240, measured);
  const height = 160;
  const pad = { l: 28, r: 12, t: 10, b: 10 };
  const innerW = width - pad.l - pad.r;
  const innerH = height - pad.t - pad.b;
  const times = series.flatMap((s) => s.points.map((p) => p.date.getTime()));
  const t0 = Math.min(...times);
  const span = Math.max(1, Math.max(...times) - t0);
  const x = (d: Date) => (times.length <= 1 ? pad.l + innerW / 2 : pad.l + ((d.getTime() - t0) / span) * innerW);
  const y = (v: number) => pad.t + innerH - (v / 10) * innerH;
  const fmt = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
  return (
    <div ref={box}>
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-labelledby={titleId} style={{ display: "block", maxWidth: "100%", height: "auto" }}>
        <title id={titleId}>
          {title}: {series.map((s) => `${s.name} ${s.points.map((p) => `${fmt.format(p.date)} ${p.value.toFixed(1)}`).join(", ")}`).join("; ")}
        </title>
        {[0, 5, 10].map((v) => (
          <g key={v}>
            <line x1={pad.l} x2={width - pad.r} y1={y(v)} y2={y(v)} stroke="var(--line)" strokeDasharray={v === 0 ? undefined : "3 4"} />
            <text x={pad.l - 6} y={y(v) + 4} fontSize="11" textAnchor="end" fill="var(--ink-muted)">
              {v}
            </text>
          </g>
        ))}
        {series.map((s, k) => {
          const sorted = s.points.slice().sort((a, b) => a.date.getTime() - b.date.getTime());
          const colour = SERIES_COLOURS[k % SERIES_COLOURS.length];
          return (
            <g key={s.name} data-series={s.name}>
              <path
                d={sorted.map((p, i) => `${i === 0 ? "M" : "L"}${x(p.date).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ")}
                fill="none"
                stroke={colour}
                strokeWidth={2.5}
                strokeDasharray={SERIES_DASHES[k % SERIES_DASHES.length]}
              />
              {sorted.map((p, i) => (
                <circle key={i} cx={x(p.date)} cy={y(p.value)} r={3.5} fill="var(--surface)" stroke={colour} strokeWidth={2} />
              ))}
            </g>
          );
        })}
      </svg>
      <ul aria-hidden="true" style={{ display: "flex", flexWrap: "wrap", gap: 12, listStyle: "none", padding: 0, margin: "6px 0 0", fontSize: "0.8rem" }}>
        {series.map((s, k) => (
          <li key={s.name} style={{ display: "flex", alignItems: "center", gap: 6 }}>
            <svg width="22" height="8" aria-hidden="true">
              <line x1="0" x2="22" y1="4" y2="4" stroke={SERIES_COLOURS[k % SERIES_COLOURS.length]} strokeWidth={2.5} strokeDasharray={SERIES_DASHES[k % SERIES_DASHES.length]} />
            </svg>
            {s.name}
          </li>
        ))}
      </ul>
    </div>
  );
}
