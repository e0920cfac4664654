// The doctor's checks. Each returns one line's worth: a name, ok or not, what
// it found, and for a failure the fix. They read only what they are given (the
// .env values, a database connection, the API URL), so the same checks run
// against the local stack and against a hosted project.

import type postgres from "postgres";
import { DEFAULT_BASE_URLS } from "../../supabase/functions/_shared/env.ts";
import { DEMO_CREDENTIALS } from "../stack/upstream/server.ts";

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

export interface DoctorContext {
  env: Record<string, string>;
  sql: postgres.Sql;
  apiUrl: string;
  /** the demo upstream's URL, used for the providers when .env has no key */
  upstreamUrl: string;
  fetch?: typeof fetch;
}

const PROVIDER_KEYS = ["TICKETMASTER_API_KEY", "SPOTIFY_CLIENT_ID", "SPOTIFY_CLIENT_SECRET", "SETLISTFM_API_KEY"];
const URL_KEYS = [
  "TICKETMASTER_BASE_URL",
  "SPOTIFY_API_BASE_URL",
  "SPOTIFY_ACCOUNTS_BASE_URL",
  "SETLISTFM_BASE_URL",
  "VITE_SUPABASE_URL",
];
const NUMBER_KEYS = [
  "TICKETMASTER_RATE_PER_SECOND",
  "TICKETMASTER_DAILY_BUDGET",
  "SPOTIFY_REQUESTS_PER_30S",
  "SETLISTFM_RATE_PER_SECOND",
  "SETLISTFM_DAILY_BUDGET",
  "PROXY_CALLS_PER_MINUTE",
  "PROXY_CALLS_PER_HOUR",
  "PROXY_MAX_PENDING_IMPORTS",
];
/** the functions refuse this placeholder and any secret under 32 characters outside the local stack */
const CRON_SECRET_PLACEHOLDER = "local-cron-secret-change-me";

const present = (env: Record<string, string>, key: string) => (env[key] ?? "").trim() !== "";

export function demoMode(env: Record<string, string>): boolean {
  return PROVIDER_KEYS.every((key) => !present(env, key));
}

/** .env: every key the stack and the functions need, each well-formed. */
export function checkEnv(env: Record<string, string>): CheckResult[] {
  const results: CheckResult[] = [];
  const problems: string[] = [];
  const set = PROVIDER_KEYS.filter((key) => present(env, key));
  if (set.length > 0 && set.length < PROVIDER_KEYS.length) {
    problems.push(`only ${set.join(", ")} set: the others' syncs stay unconfigured`);
  }
  for (const key of URL_KEYS) {
    if (present(env, key) && !/^https?:\/\/[^\s/]+/.test(env[key])) problems.push(`${key} is not an http(s) URL`);
  }
  for (const key of NUMBER_KEYS) {
    if (present(env, key) && !(Number(env[key]) > 0)) problems.push(`${key} is not a positive number`);
  }
  results.push({
    name: "env providers",
    ok: problems.length === 0,
    detail: problems.length ? problems.join("; ") : set.length ? "all provider keys set" : "no keys: demo mode",
    fix: "set all four provider keys in .env (or none, for demo mode) and fix the values named",
  });

  const secret = env.CRON_SECRET ?? "";
  results.push({
    name: "env CRON_SECRET",
    ok: secret.length >= 32 || secret === CRON_SECRET_PLACEHOLDER,
    detail: !secret
      ? "missing"
      : secret === CRON_SECRET_PLACEHOLDER
      ? "the local placeholder (refused outside the local stack)"
      : secret.length < 32
      ? `${secret.length} characters, under 32`
      : "set",
    fix: "CRON_SECRET=$(openssl rand -hex 32) in .env, the same value in Vault's cron_secret",
  });

  const key = spaKey(env);
  results.push({
    name: "env VITE_SUPABASE",
    ok: present(env, "VITE_SUPABASE_URL") && key.problem === null,
    detail: !present(env, "VITE_SUPABASE_URL") ? "VITE_SUPABASE_URL missing" : key.problem ?? `URL and ${key.kind} set`,
    fix:
      "set VITE_SUPABASE_URL and VITE_SUPABASE_PUBLISHABLE_KEY, or a legacy project's VITE_SUPABASE_ANON_KEY (npm run stack:up prints them)",
  });
  return results;
}

/**
 * The key the SPA is built with, as the SPA picks it (the publishable key wins), and what is wrong with it:
 * a publishable key looks like sb_publishable_..., a legacy anon key is a JWT.
 */
function spaKey(env: Record<string, string>): { value: string; kind: string; problem: string | null } {
  const publishable = env.VITE_SUPABASE_PUBLISHABLE_KEY?.trim();
  if (publishable) {
    const ok = /^sb_publishable_[\w-]+$/.test(publishable);
    return {
      value: publishable,
      kind: "publishable key",
      problem: ok ? null : "VITE_SUPABASE_PUBLISHABLE_KEY is not a publishable key (sb_publishable_...)",
    };
  }
  const anon = env.VITE_SUPABASE_ANON_KEY?.trim() ?? "";
  const ok = /^[\w-]+\.[\w-]+\.[\w-]+$/.test(anon);
  return { value: anon, kind: "anon key", problem: ok ? null : "VITE_SUPABASE_ANON_KEY is not a JWT" };
}

async function reach(
  name: string,
  request: () => Promise<Response>,
  okStatuses: number[],
  fix: string,
): Promise<CheckResult> {
  try {
    const response = await request();
    await response.body?.cancel();
    // a 429 is the provider pacing us: it answered and took the key, it is just busy right now
    if (response.status === 429) return { name, ok: true, detail: "HTTP 429 (reachable, rate limited right now)", fix };
    return { name, ok: okStatuses.includes(response.status), detail: `HTTP ${response.status}`, fix };
  } catch (error) {
    return { name, ok: false, detail: `unreachable (${(error as Error).message.split("\n")[0]})`, fix };
  }
}

/** One cheap call per provider, with the keys from .env, or the demo upstream's without them. */
export function checkProviders(ctx: DoctorContext): Promise<CheckResult[]> {
  const { env } = ctx;
  const doFetch = ctx.fetch ?? fetch;
  const demo = demoMode(env);
  const base = (key: string, real: string) => (env[key]?.trim() || (demo ? ctx.upstreamUrl : real)).replace(/\/$/, "");
  const tmKey = demo ? DEMO_CREDENTIALS.ticketmasterApiKey : env.TICKETMASTER_API_KEY ?? "";
  const spId = demo ? DEMO_CREDENTIALS.spotifyClientId : env.SPOTIFY_CLIENT_ID ?? "";
  const spSecret = demo ? DEMO_CREDENTIALS.spotifyClientSecret : env.SPOTIFY_CLIENT_SECRET ?? "";
  const sfmKey = demo ? DEMO_CREDENTIALS.setlistfmApiKey : env.SETLISTFM_API_KEY ?? "";
  const where = demo ? "the demo upstream (npm run stack:up starts it)" : "the key in .env";
  const signal = () => AbortSignal.timeout(10_000);
  return Promise.all([
    reach(
      "provider ticketmaster",
      () =>
        doFetch(
          `${base("TICKETMASTER_BASE_URL", DEFAULT_BASE_URLS.ticketmaster)}/discovery/v2/events.json?size=1&apikey=${
            encodeURIComponent(tmKey)
          }`,
          { signal: signal() },
        ),
      [200],
      `check TICKETMASTER_API_KEY and TICKETMASTER_BASE_URL; calls go to ${where}`,
    ),
    reach(
      "provider spotify",
      () =>
        doFetch(`${base("SPOTIFY_ACCOUNTS_BASE_URL", DEFAULT_BASE_URLS.spotifyAccounts)}/api/token`, {
          method: "POST",
          headers: {
            Authorization: `Basic ${btoa(`${spId}:${spSecret}`)}`,
            "Content-Type": "application/x-www-form-urlencoded",
          },
          body: "grant_type=client_credentials",
          signal: signal(),
        }),
      [200],
      `check SPOTIFY_CLIENT_ID, SPOTIFY_CLIENT_SECRET and SPOTIFY_ACCOUNTS_BASE_URL; calls go to ${where}`,
    ),
    reach(
      "provider setlist.fm",
      () =>
        doFetch(
          `${base("SETLISTFM_BASE_URL", DEFAULT_BASE_URLS.setlistfm)}/rest/1.0/search/setlists?artistName=a&p=1`,
          {
            headers: { "x-api-key": sfmKey, Accept: "application/json" },
            signal: signal(),
          },
        ),
      // 404 is setlist.fm's "no results": the key was accepted
      [200, 404],
      `check SETLISTFM_API_KEY and SETLISTFM_BASE_URL; calls go to ${where}`,
    ),
  ]);
}

/** The API gateway answers PostgREST with the anon key. */
export function checkApi(ctx: DoctorContext): Promise<CheckResult> {
  const key = spaKey(ctx.env).value;
  // a publishable key is not a JWT: it goes in apikey alone, as supabase-js sends it to the functions
  const headers: Record<string, string> = key.startsWith("sb_")
    ? { apikey: key, "Content-Type": "application/json" }
    : { apikey: key, Authorization: `Bearer ${key}`, "Content-Type": "application/json" };
  return reach(
    "api",
    () =>
      (ctx.fetch ?? fetch)(`${ctx.apiUrl.replace(/\/$/, "")}/rest/v1/rpc/sync_health_summary`, {
        method: "POST",
        headers,
        body: "{}",
        signal: AbortSignal.timeout(10_000),
      }),
    [200],
    `start the stack (npm run stack:up) or pass --api-url; the SPA's key must be ${ctx.apiUrl}'s`,
  );
}
