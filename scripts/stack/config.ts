// Where the local platform lives and how to reach it. Ports and keys are the
// Supabase CLI's well-known local values, so an .env written for this stack
// also works against `supabase start` on a machine with Docker.

import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadDotenv } from "./dotenv.ts";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

// .env may move the stack to other ports (THESET_*_PORT) and holds the API keys
loadDotenv(join(ROOT, ".env"));

function envPort(name: string, fallback: number): number {
  const raw = Deno.env.get(name);
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name}=${raw} is not a TCP port`);
  }
  return port;
}

/**
 * The folder whose supabase/ the CLI applies; only tests point it elsewhere
 * (for example at a copy with a broken migration).
 */
export const PROJECT_DIR = Deno.env.get("THESET_PROJECT_DIR") ?? ROOT;

/** Folder holding the cluster, logs and pid files; git-ignored. */
export const STACK_DIR = Deno.env.get("THESET_STACK_DIR") ?? join(ROOT, ".stack");

export const PORTS = {
  /** gateway: /rest/v1, /auth/v1, /realtime/v1, /functions/v1 */
  api: envPort("THESET_API_PORT", 54321),
  db: envPort("THESET_DB_PORT", 54322),
  /** the edge-function server behind the gateway's /functions/v1 */
  functions: envPort("THESET_FUNCTIONS_PORT", 54325),
  /** synthetic Ticketmaster / Spotify / setlist.fm for demo mode and tests */
  upstream: envPort("THESET_UPSTREAM_PORT", 54330),
  web: envPort("THESET_WEB_PORT", 5173),
};

export const HOST = "127.0.0.1";

/**
 * The environment that runs a whole second stack out of `dir` on five ports
 * from `base` (db, api, functions, upstream, web), beside the developer's own:
 * what the CLI tests and the benchmarks start their throwaway stacks with.
 */
export function separateStackEnv(dir: string, base: number): Record<string, string> {
  return {
    THESET_STACK_DIR: dir,
    THESET_DB_PORT: String(base),
    THESET_API_PORT: String(base + 1),
    THESET_FUNCTIONS_PORT: String(base + 2),
    THESET_UPSTREAM_PORT: String(base + 3),
    THESET_WEB_PORT: String(base + 4),
  };
}

/**
 * The developer's role, as on a hosted project: `postgres` is NOT a superuser
 * (NOSUPERUSER CREATEDB CREATEROLE REPLICATION BYPASSRLS, with the grants
 * supabase/postgres gives it). Migrations, the seed, the functions'
 * SUPABASE_DB_URL and the tests connect as this role.
 */
export const DB = {
  user: "postgres",
  password: "postgres",
  database: "postgres",
};

export const DB_URL = `postgresql://${DB.user}:${DB.password}@${HOST}:${PORTS.db}/${DB.database}`;

/**
 * The platform's superuser, as on hosted Supabase: `supabase_admin` is the
 * cluster's bootstrap superuser, runs the platform bootstrap and owns the
 * platform schemas (auth's tables excepted), and is the role the platform's own
 * internals connect as (the gateway: auth, WAL reader, realtime partitions; the
 * pg_net worker), as Supabase's services do. Never what migrations run as.
 */
export const ADMIN_DB = {
  user: "supabase_admin",
  password: "postgres",
  database: "postgres",
};

/** ADMIN_DB as connection options (postgres.js's, and the WAL reader's and pg_net worker's). */
export const ADMIN_CONNECTION = {
  host: HOST,
  port: PORTS.db,
  database: ADMIN_DB.database,
  username: ADMIN_DB.user,
  password: ADMIN_DB.password,
};

export const ADMIN_DB_URL =
  `postgresql://${ADMIN_DB.user}:${ADMIN_DB.password}@${HOST}:${PORTS.db}/${ADMIN_DB.database}`;
export const API_URL = `http://${HOST}:${PORTS.api}`;

/** The Supabase CLI's local JWT secret (PLATFORM.md). */
export const JWT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";

/** The Supabase CLI's local anon and service-role keys: HS256 over JWT_SECRET. */
export const ANON_KEY =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0";
export const SERVICE_ROLE_KEY =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU";

export const PATHS = {
  data: join(STACK_DIR, "postgres"),
  socket: join(STACK_DIR, "run"),
  logs: join(STACK_DIR, "logs"),
  pids: join(STACK_DIR, "pids"),
  bootstrap: join(ROOT, "scripts", "stack", "bootstrap"),
  supabase: join(PROJECT_DIR, "supabase"),
  migrations: join(PROJECT_DIR, "supabase", "migrations"),
  seed: join(PROJECT_DIR, "supabase", "seed.sql"),
  types: join(PROJECT_DIR, "supabase", "functions", "_shared", "database.types.ts"),
  /** the SPA's copy of the same generated file, so web/ imports nothing from inside supabase/functions */
  webTypes: join(PROJECT_DIR, "web", "src", "lib", "database.types.ts"),
  bin: join(ROOT, "node_modules", ".bin"),
};
