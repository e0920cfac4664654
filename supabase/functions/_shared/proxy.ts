// What the SPA-facing proxies (ticketmaster, spotify) share: parameters from
// a JSON body (supabase-js functions.invoke) or the query string (GET), the
// action switch, input checks with 400s that name the field, the per-caller
// limits, and provider failures as statuses the SPA can act on.
//
// Limits. Anyone with the anon key can call a proxy, and each call may spend
// the provider's daily budget that the scheduled syncs live on, so:
//   - every caller (caller.ts) may make PROXY_CALLS_PER_MINUTE (30) and
//     PROXY_CALLS_PER_HOUR (300) calls per proxy, counted in the database
//     (take_caller_quota) once the input is valid; past that: 429
//     {code: "rate_limited"} with Retry-After;
//   - the proxies' provider clients may take only 1 - SYNC_BUDGET_RESERVE (0.4)
//     of each provider's daily budget; once only the reserve is left they
//     answer 503 {code: "upstream_budget_exhausted"} while the syncs carry on;
//   - a caller may have PROXY_MAX_PENDING_IMPORTS (3) imports queued or
//     running (ticketmaster's import_artist): 429 {code: "too_many_imports"}.
// The service-role key is exempt from the per-caller limits, not from the reserve.

import type { ProxyCaller } from "./caller.ts";
import { identifyCaller } from "./caller.ts";
import { preflight } from "./cors.ts";
import { getSql } from "./db.ts";
import { env, numberEnv } from "./env.ts";
import { ProviderError } from "./http/errors.ts";
import { errorResponse, HttpError, jsonResponse, readJsonObject } from "./json.ts";
import { log } from "./log.ts";

export type Params = Record<string, unknown>;

export async function readParams(request: Request): Promise<Params> {
  if (request.method === "GET") return Object.fromEntries(new URL(request.url).searchParams);
  if (request.method === "POST") return await readJsonObject(request);
  throw new HttpError(405, "method_not_allowed", "use GET or POST");
}

export function badInput(field: string, message: string): HttpError {
  return new HttpError(400, "invalid_input", message, { field });
}

/** A trimmed string of 1..max characters. */
export function requiredText(params: Params, field: string, max = 200): string {
  const value = params[field];
  if (typeof value !== "string" || value.trim() === "") throw badInput(field, `${field} is required`);
  if (value.trim().length > max) throw badInput(field, `${field} must be at most ${max} characters`);
  return value.trim();
}

export function optionalText(params: Params, field: string, max = 200): string | undefined {
  return params[field] === undefined || params[field] === "" ? undefined : requiredText(params, field, max);
}

/** An integer within bounds; query-string values arrive as text and are read as numbers. */
export function optionalInt(params: Params, field: string, min: number, max: number, fallback: number): number {
  const raw = params[field];
  if (raw === undefined || raw === "") return fallback;
  const value = typeof raw === "string" && /^-?\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw badInput(field, `${field} must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** A provider failure as the SPA should see it. */
export function providerFailure(error: ProviderError): HttpError {
  switch (error.code) {
    case "rate_limited":
      return new HttpError(429, "upstream_rate_limited", `${error.provider} is rate limiting us; try again shortly`);
    case "budget_exhausted":
      return new HttpError(503, "upstream_budget_exhausted", `today's ${error.provider} request budget is used up`);
    case "circuit_open":
      return new HttpError(503, "upstream_unavailable", `${error.provider} is failing; paused for a moment`);
    case "not_found":
      return new HttpError(404, "not_found", `${error.provider} has no such resource`);
    case "client_error":
      return new HttpError(502, "upstream_rejected", `${error.provider} refused the request`);
    default:
      return new HttpError(502, "upstream_unavailable", `${error.provider} did not answer properly (${error.code})`);
  }
}

export interface ProxyLimits {
  callsPerMinute: number;
  callsPerHour: number;
  maxPendingImports: number;
  /** share of each provider's daily budget the proxies leave to the scheduled syncs, 0 <= r < 1 */
  syncBudgetReserve: number;
}

/** The limits from the environment (see the top of this file for the defaults). */
export function proxyLimits(): ProxyLimits {
  const reserveText = env("SYNC_BUDGET_RESERVE");
  const reserve = reserveText === undefined ? 0.4 : Number(reserveText);
  if (!Number.isFinite(reserve) || reserve < 0 || reserve >= 1) {
    throw new Error(`SYNC_BUDGET_RESERVE=${reserveText} is not a share from 0 up to (not including) 1`);
  }
  return {
    callsPerMinute: Math.floor(numberEnv("PROXY_CALLS_PER_MINUTE", 30)),
    callsPerHour: Math.floor(numberEnv("PROXY_CALLS_PER_HOUR", 300)),
    maxPendingImports: Math.floor(numberEnv("PROXY_MAX_PENDING_IMPORTS", 3)),
    syncBudgetReserve: reserve,
  };
}

/** The share of a provider's daily budget a proxy call may draw on. */
export function proxyBudgetShare(): number {
  return 1 - proxyLimits().syncBudgetReserve;
}

/** A 429 the SPA can wait out: the JSON code, and Retry-After in seconds. */
export class TooManyRequests extends HttpError {
  constructor(code: string, message: string, readonly retryAfterSeconds: number) {
    super(429, code, message, { retry_after_seconds: retryAfterSeconds });
  }
}

/** Counts this call against the caller's windows; throws TooManyRequests when one is full. */
export async function takeCallerQuota(caller: ProxyCaller, scope: string): Promise<void> {
  if (caller.kind === "service_role") return;
  const limits = proxyLimits();
  const [row] = await getSql()<{ wait: number }[]>`
    select public.take_caller_quota(${caller.key}, ${scope},
      ${[limits.callsPerMinute, limits.callsPerHour]}::int[], ${[60, 3600]}::int[]) as wait`;
  if (row.wait > 0) {
    throw new TooManyRequests(
      "rate_limited",
      `too many ${scope} requests from this caller; try again in ${row.wait} s`,
      row.wait,
    );
  }
}

/**
 * One action of a proxy: `parse` checks the parameters (400s) before anything
 * is counted, spent or written; `run` does the work for the identified caller.
 */
export interface ProxyAction<Input> {
  parse(params: Params): Input;
  run(input: Input, caller: ProxyCaller): Promise<{ status?: number; body: unknown }>;
}

/** Declares an action with its input type inferred from parse. */
export function proxyAction<Input>(
  parse: (params: Params) => Input,
  run: (input: Input, caller: ProxyCaller) => Promise<{ status?: number; body: unknown }>,
): ProxyAction<Input> {
  return { parse, run };
}

function withRetryAfter(response: Response, seconds: number): Response {
  response.headers.set("Retry-After", String(Math.max(1, Math.ceil(seconds))));
  return response;
}

export function createProxyHandler(
  name: string,
  // deno-lint-ignore no-explicit-any -- each action carries its own input type between parse and run
  actions: Record<string, ProxyAction<any>>,
): (request: Request) => Promise<Response> {
  return async (request: Request): Promise<Response> => {
    const early = preflight(request);
    if (early) return early;
    try {
      // credentials first: a caller without one gets its 401 before the body is even read
      const caller = await identifyCaller(request);
      const params = await readParams(request);
      const action = params.action;
      if (typeof action !== "string" || !Object.hasOwn(actions, action)) {
        throw new HttpError(400, "invalid_action", `action must be one of ${Object.keys(actions).join(", ")}`, {
          field: "action",
        });
      }
      const input = actions[action].parse(params);
      await takeCallerQuota(caller, name);
      const result = await actions[action].run(input, caller);
      return jsonResponse(result.status ?? 200, result.body);
    } catch (error) {
      if (error instanceof TooManyRequests) {
        log("info", "proxy_caller_limited", { function: name, code: error.code });
        return withRetryAfter(errorResponse(error), error.retryAfterSeconds);
      }
      if (error instanceof HttpError) return errorResponse(error);
      if (error instanceof ProviderError) {
        log("warn", "proxy_provider_failure", { function: name, provider: error.provider, code: error.code });
        const failure = providerFailure(error);
        const response = errorResponse(failure);
        return failure.status === 429 ? withRetryAfter(response, 5) : response;
      }
      log("error", "proxy_error", { function: name, message: (error as Error)?.message ?? String(error) });
      return errorResponse(new HttpError(500, "internal_error", "the function failed; see its logs"));
    }
  };
}
