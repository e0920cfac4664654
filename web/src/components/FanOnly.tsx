// A page of the fan's own (My TheSet, notifications): a skeleton until the
// session is known, the page's title and what a visitor should do when nobody
// is signed in, else the page (whose queries wait for the fan's id anyway).

import type { ComponentType, ReactNode } from "react";
import { useSession } from "../data/auth.tsx";
import { EmptyState, Skeleton } from "./States.tsx";

/** What a visitor is told under the page's heading: an empty state's title and body. */
export interface VisitorNote {
  title: string;
  body: ReactNode;
}

export function FanOnly({ title, loading, lines, visitor, page: Page }: {
  /** the page's heading, shown to a visitor too */
  title: string;
  /** the skeleton's label until the session is known */
  loading: string;
  lines?: number;
  visitor: VisitorNote;
  /** the page itself: mounted only for a fan, so its queries and subscriptions start only then */
  page: ComponentType;
}) {
  const { ready, user } = useSession();
  if (!ready) return <Skeleton lines={lines} label={loading} />;
  if (!user) {
    return (
      <div className="page narrow">
        <h1>{title}</h1>
        <EmptyState title={visitor.title}>{visitor.body}</EmptyState>
      </div>
    );
  }
  return <Page />;
}
