/** The small set of building blocks every page is made of. */
import { useEffect, useId, type ButtonHTMLAttributes, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";
import styles from "./ui.module.css";

type Variant = "primary" | "secondary" | "ghost" | "danger";

export function Button({
  variant = "primary",
  size,
  block,
  busy,
  className,
  children,
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; size?: "small" | "large"; block?: boolean; busy?: boolean }) {
  const classes = [styles.button, styles[variant], size ? styles[size] : "", block ? styles.block : "", className ?? ""].join(" ");
  return (
    <button type="button" className={classes} aria-busy={busy || undefined} {...rest}>
      {busy ? <span className={styles.spinner} aria-hidden="true" style={{ width: 16, height: 16, borderWidth: 2 }} /> : null}
      {children}
    </button>
  );
}

export function buttonClass(variant: Variant = "primary", size?: "small" | "large"): string {
  return [styles.button, styles[variant], size ? styles[size] : ""].join(" ");
}

export function Card({ children, className, as: Tag = "section", ...rest }: { children: ReactNode; className?: string; as?: "section" | "article" | "div" | "aside"; "aria-labelledby"?: string; "aria-label"?: string }) {
  return (
    <Tag className={`${styles.card} ${className ?? ""}`} {...rest}>
      {children}
    </Tag>
  );
}

interface FieldProps {
  label: string;
  hint?: ReactNode;
  error?: string | null;
}

export function TextField({ label, hint, error, id, ...rest }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const autoId = useId();
  const inputId = id ?? autoId;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  return (
    <div className={styles.field}>
      <label className={styles.label} htmlFor={inputId}>
        {label}
      </label>
      <input
        id={inputId}
        className={styles.input}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
        {...rest}
      />
      {hint ? (
        <span id={hintId} className={styles.hint}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={errorId} className={styles.fieldError} role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

export function SelectField({ label, hint, error, id, children, ...rest }: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  const autoId = useId();
  const selectId = id ?? autoId;
  const hintId = hint ? `${selectId}-hint` : undefined;
  return (
    <div className={styles.field}>
      <label className={styles.label} htmlFor={selectId}>
        {label}
      </label>
      <select id={selectId} className={styles.input} aria-describedby={hintId} {...rest}>
        {children}
      </select>
      {hint ? (
        <span id={hintId} className={styles.hint}>
          {hint}
        </span>
      ) : null}
      {error ? <span className={styles.fieldError}>{error}</span> : null}
    </div>
  );
}

export function Alert({ tone = "error", children, actions }: { tone?: "error" | "warning" | "info" | "success"; children: ReactNode; actions?: ReactNode }) {
  return (
    <div className={`${styles.alert} ${styles[`alert-${tone}`]}`} role={tone === "error" ? "alert" : "status"}>
      <div>{children}</div>
      {actions ? <div className={styles.alertActions}>{actions}</div> : null}
    </div>
  );
}

export function Spinner({ label }: { label?: string }) {
  return <span className={styles.spinner} role={label ? "status" : undefined} aria-label={label} />;
}

export function Loading({ children = "Loading…" }: { children?: ReactNode }) {
  return (
    <div className={styles.loading} role="status">
      <span className={styles.spinner} aria-hidden="true" />
      <span>{children}</span>
    </div>
  );
}

/** A horizontal level meter (0..1), announced as a meter to assistive technology. */
export function LevelMeter({ level, label }: { level: number; label: string }) {
  const pct = Math.round(Math.min(1, Math.max(0, level)) * 100);
  return (
    <div className={styles.meter} role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
      <div className={`${styles.meterFill} ${pct > 85 ? styles.meterHot : ""}`} style={{ width: `${pct}%` }} />
    </div>
  );
}

export function Badge({ tone, children }: { tone?: "brand" | "success" | "warning" | "danger"; children: ReactNode }) {
  return <span className={`${styles.badge} ${tone ? styles[`badge-${tone}`] : ""}`}>{children}</span>;
}

export function Stat({ label, value, note }: { label: string; value: ReactNode; note?: ReactNode }) {
  return (
    <div className={styles.stat}>
      <span className={styles.statLabel}>{label}</span>
      <span className={styles.statValue}>{value}</span>
      {note ? <span className={styles.statNote}>{note}</span> : null}
    </div>
  );
}

export interface ToastItem {
  id: string;
  content: ReactNode;
}

function Toast({ item, onDismiss, timeoutMs }: { item: ToastItem; onDismiss: (id: string) => void; timeoutMs: number }) {
  useEffect(() => {
    const t = window.setTimeout(() => onDismiss(item.id), timeoutMs);
    return () => window.clearTimeout(t);
  }, [item.id, onDismiss, timeoutMs]);
  return (
    <div className={styles.toast}>
      <div>{item.content}</div>
      <button className={styles.toastClose} onClick={() => onDismiss(item.id)} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}

export function Toasts({ items, onDismiss, timeoutMs = 9000 }: { items: ToastItem[]; onDismiss: (id: string) => void; timeoutMs?: number }) {
  return (
    <div className={`${styles.toasts} no-print`} aria-live="polite" aria-relevant="additions">
      {items.map((item) => (
        <Toast key={item.id} item={item} onDismiss={onDismiss} timeoutMs={timeoutMs} />
      ))}
    </div>
  );
}

/** Scores are 0..10; one decimal is as precise as the evaluation deserves. */
export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined ? "—" : score.toFixed(1);
}

export function scoreTone(score: number | null | undefined): "success" | "warning" | "danger" | undefined {
  if (score === null || score === undefined) return undefined;
  if (score >= 7) return "success";
  if (score >= 4.5) return "warning";
  return "danger";
}
