// Who may run a sync: pg_cron (the shared CRON_SECRET, sent as a Bearer token
// the way Supabase's scheduling guide does, or in x-cron-secret) or anyone
// holding a secret key (sb_secret_..., in Authorization or, as supabase-js'
// functions client sends it, in apikey) or the legacy service-role JWT. Everything else is a 401 before any work or
// write happens. Secrets are compared in constant time so response timing
// reveals nothing about how much of a guess was right.
//
// Outside the local stack the functions fail closed (503
// cron_secret_not_configured, for every caller) while CRON_SECRET is missing,
// shorter than 32 characters, or the example value .env.example publishes:
// `supabase secrets set --env-file .env` with an unedited copy would otherwise
// let anyone who read the repository run the syncs.

import { isOneOf, secretKeys, timingSafeEqual } from "./api_keys.ts";
import { env } from "./env.ts";
import { HttpError } from "./json.ts";
import { log } from "./log.ts";

export { timingSafeEqual };

export type Caller = "cron" | "service_role";

function bearer(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (!header) return null;
  const match = header.match(/^Bearer\s+(.+)$/i);
  return match ? match[1].trim() : null;
}

/** The CRON_SECRET value .env.example ships: public, so never a secret anywhere but a developer's machine. */
export const EXAMPLE_CRON_SECRET = "local-cron-secret-change-me";
/** Shortest CRON_SECRET trusted outside the local stack (setup.sh generates 48 hex characters). */
export const MIN_CRON_SECRET_LENGTH = 32;

// SUPABASE_URL on this project's local stack is the gateway on the loopback interface. Only
// loopback counts: a self-hosted Supabase (docker compose) also says http://kong:8000 and may
// well face the internet, so `supabase start` needs a real secret too (setup.sh writes one).
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Whether the functions run on the local stack rather than a reachable deployment, judged by SUPABASE_URL. */
export function isLocalPlatform(): boolean {
  const url = env("SUPABASE_URL");
  if (!url) return false;
  try {
    return LOCAL_HOSTS.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** Why CRON_SECRET cannot be trusted in this deployment, or null when it can. */
export function cronSecretProblem(): string | null {
  if (isLocalPlatform()) return null;
  const secret = env("CRON_SECRET");
  if (secret === undefined) return "CRON_SECRET is not set";
  if (secret === EXAMPLE_CRON_SECRET) return "CRON_SECRET is the public example value from .env.example";
  if (secret.length < MIN_CRON_SECRET_LENGTH) {
    return `CRON_SECRET is shorter than ${MIN_CRON_SECRET_LENGTH} characters`;
  }
  return null;
}

/** The kind of caller; a 503 HttpError when the secret is unsafe (see above), else a 401 for a wrong one. */
export function authorizeSyncCaller(request: Request): Caller {
  const problem = cronSecretProblem();
  if (problem) {
    log("error", "cron_secret_not_configured", {
      reason: problem,
      fix:
        "supabase secrets set CRON_SECRET=<random, 32+ characters>, and store the same value in Vault as cron_secret",
    });
    throw new HttpError(
      503,
      "cron_secret_not_configured",
      "the sync functions refuse to run until CRON_SECRET is set to a random secret; see the function logs",
    );
  }
  const cronSecret = env("CRON_SECRET");
  const keys = secretKeys();
  const token = bearer(request);
  const apikey = request.headers.get("apikey");
  const headerSecret = request.headers.get("x-cron-secret");

  // evaluate every comparison so the timing is the same whichever one matches
  const cronByHeader = cronSecret !== undefined && headerSecret !== null && timingSafeEqual(headerSecret, cronSecret);
  const cronByBearer = cronSecret !== undefined && token !== null && timingSafeEqual(token, cronSecret);
  const serviceByBearer = isOneOf(token, keys);
  // the apikey counts only without a Bearer: a Bearer names the caller, as on hosted
  const serviceByApikey = token === null && isOneOf(apikey, keys);

  if (cronByHeader || cronByBearer) return "cron";
  if (serviceByBearer || serviceByApikey) return "service_role";
  if (!request.headers.has("authorization") && headerSecret === null && apikey === null) {
    throw new HttpError(401, "unauthorized", "missing credentials: send the cron secret or a secret key");
  }
  throw new HttpError(401, "unauthorized", "invalid credentials: not the cron secret or a secret key");
}
