// What one attempt's outcome means, decided in one place: an answer, a cached
// copy confirmed, an empty result, a failure worth another attempt, or a
// failure to report now. Pure apart from reading the body, so every rung is
// tested without a server.

import { type Provider, ProviderError } from "./errors.ts";
import type { Attempt } from "./transport.ts";

/** Whether the attempt counts for the circuit breaker as the provider failing. */
export type BreakerOutcome = "success" | "failure";

export type Verdict =
  | { kind: "answer"; breaker: BreakerOutcome; status: number; body: unknown; etag: string | null }
  | { kind: "not_modified"; breaker: BreakerOutcome }
  | { kind: "empty"; breaker: BreakerOutcome }
  | {
    kind: "retry";
    breaker: BreakerOutcome;
    error: ProviderError;
    /** a 429: the provider is pacing us, so every caller waits (not just this one) */
    pacing: boolean;
    /** the provider's Retry-After, when it gave one */
    retryAfterMs: number | null;
  }
  | {
    kind: "fail";
    breaker: BreakerOutcome;
    error: ProviderError;
    /** a 429 whose Retry-After is longer than a run waits: how long every caller should hold off */
    pauseMs?: number;
  };

export interface LadderContext {
  provider: Provider;
  /** the URL as it may be logged (credentials redacted) */
  shownUrl: string;
  timeoutMs: number;
  maxRetryAfterMs: number;
  /** a stale cached copy was offered with If-None-Match */
  hasCachedCopy: boolean;
  notFoundIsEmpty: boolean;
  now: number;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null || value.trim() === "") return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export async function judgeAttempt(attempt: Attempt, ctx: LadderContext): Promise<Verdict> {
  const error = (code: ProviderError["code"], message: string, status: number | null = null) =>
    new ProviderError(ctx.provider, code, message, status, ctx.shownUrl);
  if (attempt.kind === "timeout") {
    return retryAfterFailure(error("timeout", `no answer within ${ctx.timeoutMs} ms`));
  }
  if (attempt.kind === "network") return retryAfterFailure(error("network", attempt.message));

  const response = attempt.response;
  const status = response.status;
  if (status === 429) {
    await response.body?.cancel();
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), ctx.now);
    if (retryAfterMs !== null && retryAfterMs > ctx.maxRetryAfterMs) {
      const message = `429 with Retry-After ${Math.ceil(retryAfterMs / 1000)} s, longer than this run waits`;
      return { kind: "fail", breaker: "success", error: error("rate_limited", message, 429), pauseMs: retryAfterMs };
    }
    const limited = error("rate_limited", "429 Too Many Requests", 429);
    // the provider is up and pacing us: not a breaker failure
    return { kind: "retry", breaker: "success", error: limited, pacing: true, retryAfterMs };
  }
  if (status >= 500) {
    await response.body?.cancel();
    return retryAfterFailure(error("server_error", `HTTP ${status}`, status));
  }
  if (status === 304 && ctx.hasCachedCopy) {
    await response.body?.cancel();
    return { kind: "not_modified", breaker: "success" };
  }
  if (status === 404 && ctx.notFoundIsEmpty) {
    await response.body?.cancel();
    return { kind: "empty", breaker: "success" };
  }
  if (status >= 400) {
    const text = await response.text().catch(() => "");
    const code = status === 404 ? "not_found" : "client_error";
    return { kind: "fail", breaker: "success", error: error(code, `HTTP ${status}: ${text.slice(0, 300)}`, status) };
  }
  const body = await readJson(response);
  if (body === undefined) {
    return retryAfterFailure(error("bad_json", `HTTP ${status} with a body that is not JSON`, status));
  }
  return { kind: "answer", breaker: "success", status, body, etag: response.headers.get("etag") };
}

function retryAfterFailure(error: ProviderError): Verdict {
  return { kind: "retry", breaker: "failure", error, pacing: false, retryAfterMs: null };
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => null);
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
