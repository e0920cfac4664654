// The three states every data-driven section has besides "here it is":
// loading (a skeleton the shape of what is coming), empty (said plainly), and
// failed (what went wrong and a Retry button).

import type { ReactNode } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { Link } from "react-router-dom";
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

/** What a page says when its slug names nothing TheSet knows: "We don't know this <what>", and a way on. */
export interface Unknown {
  what: string;
  to: string;
  link: string;
}

/** The search for what a slug probably meant ("the-blue-room" searches "the blue room"). */
export function searchForSlug(slug: string): string {
  return `/search?q=${encodeURIComponent(slug.replace(/-/g, " "))}`;
}

/**
 * A page (or a section) over one query: the skeleton while it loads, the error
 * with a retry when it fails, the `unknown` state when it answered nothing (an
 * unknown slug), else what `children` makes of the data.
 */
export function QueryView<T>({ query, loading, lines, unknown, children }: {
  query: UseQueryResult<T>;
  /** the skeleton's label while the query loads */
  loading: string;
  lines?: number;
  unknown?: Unknown;
  children: (data: NonNullable<T>) => ReactNode;
}) {
  if (query.isPending) return <Skeleton lines={lines} label={loading} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  if (query.data != null) return <>{children(query.data)}</>;
  if (!unknown) return null;
  return (
    <EmptyState title={`We don't know this ${unknown.what}`}>
      <Link to={unknown.to}>{unknown.link}</Link>
    </EmptyState>
  );
}

/** A section of a page that lists things: its heading, then the list, or an empty state when there is nothing. */
export function ListSection<T>({ id, title, items, empty, className, children }: {
  /** the heading's id, which names the section */
  id: string;
  title: ReactNode;
  items: T[];
  /** the empty state's title */
  empty: string;
  /** the list's class */
  className: string;
  /** one <li> (with its key) per item */
  children: (item: T, index: number) => ReactNode;
}) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {items.length === 0 ? <EmptyState title={empty} /> : <ul className={className}>{items.map(children)}</ul>}
    </section>
  );
}
