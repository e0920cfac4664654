// What the SPA-facing proxies (ticketmaster, spotify) share: parameters from
// a JSON body (supabase-js functions.invoke) or the query string (GET), the
// action switch, input checks with 400s that name the field, and provider
// failures as statuses the SPA can act on.

import { preflight } from "./cors.ts";
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

export function createProxyHandler(
  name: string,
  actions: Record<string, (params: Params) => Promise<{ status?: number; body: unknown }>>,
): (request: Request) => Promise<Response> {
  return async (request: Request): Promise<Response> => {
    const early = preflight(request);
    if (early) return early;
    try {
      const params = await readParams(request);
      const action = params.action;
      if (typeof action !== "string" || !(action in actions)) {
        throw new HttpError(400, "invalid_action", `action must be one of ${Object.keys(actions).join(", ")}`, {
          field: "action",
        });
      }
      const result = await actions[action](params);
      return jsonResponse(result.status ?? 200, result.body);
    } catch (error) {
      if (error instanceof HttpError) return errorResponse(error);
      if (error instanceof ProviderError) {
        log("warn", "proxy_provider_failure", { function: name, provider: error.provider, code: error.code });
        const failure = providerFailure(error);
        const response = errorResponse(failure);
        if (failure.status === 429) response.headers.set("Retry-After", "5");
        return response;
      }
      log("error", "proxy_error", { function: name, message: (error as Error)?.message ?? String(error) });
      return errorResponse(new HttpError(500, "internal_error", "the function failed; see its logs"));
    }
  };
}
