// What a provider route returns before the server serialises it.

import type { Dataset } from "./fixtures.ts";

export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** how to empty this answer's page for the "empty" fault */
  emptyPage?: (body: unknown) => unknown;
}

export interface RouteContext {
  dataset: Dataset;
  request: Request;
  url: URL;
  origin: string;
  now: number;
}

const folded = new Map<string, string>();

/** Lower-case, accent-free text for the upstream's loose keyword matching. */
export function fold(text: string): string {
  // remembered: the event filter folds the same few city and segment names for every event of every request
  let out = folded.get(text);
  if (out === undefined) {
    out = text.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase();
    if (folded.size < 10_000) folded.set(text, out);
  }
  return out;
}

/** An integer query parameter: undefined when absent, NaN when not an integer. */
export function intParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return undefined;
  return /^-?\d+$/.test(raw) ? Number(raw) : NaN;
}
