// Who may run a sync: pg_cron (the shared CRON_SECRET, sent as a Bearer token
// the way Supabase's scheduling guide does, or in x-cron-secret) or anyone
// holding the service-role key. Everything else is a 401 before any work or
// write happens. Secrets are compared in constant time so response timing
// reveals nothing about how much of a guess was right.

import { env } from "./env.ts";
import { HttpError } from "./json.ts";

export type Caller = "cron" | "service_role";

const encoder = new TextEncoder();

/** Constant-time equality of two strings (time depends only on the length of `expected`). */
export function timingSafeEqual(given: string, expected: string): boolean {
  const a = encoder.encode(given);
  const b = encoder.encode(expected);
  let difference = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) difference |= (a[i % Math.max(a.length, 1)] ?? 0) ^ b[i];
  return difference === 0 && a.length > 0;
}

function bearer(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (!header) return null;
  const match = header.match(/^Bearer\s+(.+)$/i);
  return match ? match[1].trim() : null;
}

/** The kind of caller, or a 401 HttpError. */
export function authorizeSyncCaller(request: Request): Caller {
  const cronSecret = env("CRON_SECRET");
  const serviceKey = env("SUPABASE_SERVICE_ROLE_KEY");
  const token = bearer(request);
  const headerSecret = request.headers.get("x-cron-secret");

  // evaluate every comparison so the timing is the same whichever one matches
  const cronByHeader = cronSecret !== undefined && headerSecret !== null && timingSafeEqual(headerSecret, cronSecret);
  const cronByBearer = cronSecret !== undefined && token !== null && timingSafeEqual(token, cronSecret);
  const service = serviceKey !== undefined && token !== null && timingSafeEqual(token, serviceKey);

  if (cronByHeader || cronByBearer) return "cron";
  if (service) return "service_role";
  if (!request.headers.has("authorization") && headerSecret === null) {
    throw new HttpError(401, "unauthorized", "missing credentials: send the cron secret or the service-role key");
  }
  throw new HttpError(401, "unauthorized", "invalid credentials: not the cron secret or the service-role key");
}
