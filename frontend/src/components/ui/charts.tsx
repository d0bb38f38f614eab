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
