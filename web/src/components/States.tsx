// The three states every data-driven section has besides "here it is":
// loading (a skeleton the shape of what is coming), empty (said plainly), and
// failed (what went wrong and a Retry button).

import type { ReactNode } from "react";
import { toAppError } from "../lib/refusals.ts";

export function Skeleton({ lines = 3, label = "Loading" }: { lines?: number; label?: string }) {
  return (
    <div className="skeleton" role="status" aria-live="polite" aria-busy="true">
      <span className="visually-hidden">{label}…</span>
      {Array.from({ length: lines }, (_, index) => <div key={index} className="skeleton-line" aria-hidden="true" />)}
    </div>
  );
}

export function CardGridSkeleton({ cards = 4, label = "Loading" }: { cards?: number; label?: string }) {
  return (
    <div className="card-grid" role="status" aria-busy="true">
      <span className="visually-hidden">{label}…</span>
      {Array.from(
        { length: cards },
        (_, index) => <div key={index} className="card skeleton-card" aria-hidden="true" />,
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-title">{title}</p>
      {children ? <div className="empty-body">{children}</div> : null}
    </div>
  );
}

export function ErrorState({ error, onRetry, title = "Couldn't load this" }: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  const message = toAppError(error).message;
  return (
    <div className="error-state" role="alert">
      <p className="error-title">{title}</p>
      <p>{message}</p>
      {onRetry ? <button type="button" className="button" onClick={onRetry}>Retry</button> : null}
    </div>
  );
}
