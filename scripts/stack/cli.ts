// npm run stack:up | stack:down | stack:status | db:reset | db:types
//
// The docker-free stand-in for `supabase start`: system PostgreSQL with the
// platform bootstrap, migrations applied by the real Supabase CLI, and the
// gateway processes. Every failure is one line on stderr and a non-zero exit,
// and whatever this invocation started is stopped again before it exits.

import { dirname } from "node:path";
import { ANON_KEY, API_URL, DB_URL, JWT_SECRET, PATHS, PORTS, SERVICE_ROLE_KEY } from "./config.ts";
import {
  applyBootstrap,
  bootstrapDone,
  clusterExists,
  initCluster,
  removeCluster,
  runningPid,
  startCluster,
  stopCluster,
} from "./postgres.ts";
import { generateTypes, pushMigrations } from "./migrations.ts";
import { serviceRunning, startService, stopService } from "./services.ts";
import { platformServices } from "./registry.ts";
import { portInUse, runCommand, StackError } from "./proc.ts";
import { ensureVaultSecrets } from "./vault.ts";
import { schemaDiff, scratchSchema } from "./schema_snapshot.ts";
import { readRefusals, refusalFiles, type RefusalRow } from "./refusal_catalog.ts";
import { PUBLISHABLE_KEY, SECRET_KEY, SIGNING_KEYS_PATH, signingKeys } from "./keys.ts";
import { firstSync } from "../sync/first-run.ts";

type Cleanup = () => Promise<unknown>;

/** Brings the stack up; returns true when it was already fully up. */
export async function up(options: { quiet?: boolean; web?: boolean } = {}): Promise<boolean> {
  const cleanups: Cleanup[] = [];
  let alreadyUp = true;
  try {
    if (!await clusterExists()) {
      alreadyUp = false;
      await initCluster();
    }
    if (await runningPid() === null) {
      alreadyUp = false;
      await startCluster();
      cleanups.push(() => stopCluster());
    }
    if (!await bootstrapDone()) {
      alreadyUp = false;
      await applyBootstrap();
    }
    // cheap when nothing is pending, and picks up migrations added since the last up
    const pushed = await pushMigrations();
    if (!/up to date/i.test(pushed)) alreadyUp = false;
    // where pg_cron's sync jobs find the functions, and the secret they send
    await ensureVaultSecrets();
    // the stack's ES256 session-signing key, made before the gateway and the functions read it
    await signingKeys();

    for (const service of platformServices({ web: options.web ?? false })) {
      if (await serviceRunning(service) !== null) continue;
      alreadyUp = false;
      await startService(service);
      cleanups.push(() => stopService(service));
    }
  } catch (error) {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    throw error;
  }
  if (!options.quiet) {
    console.log(alreadyUp ? "stack is already up; reusing it" : "stack is up");
    printEndpoints(options.web ?? false);
  }
  return alreadyUp;
}

export async function down(): Promise<boolean> {
  let stoppedSomething = false;
  for (const service of platformServices({ web: true }).reverse()) {
    if (await stopService(service)) stoppedSomething = true;
  }
  // the demo upstream runs only without provider keys; keys added to .env meanwhile must not orphan it
  if (await stopService({ name: "upstream" })) stoppedSomething = true;
  if (await runningPid() !== null) {
    await stopCluster();
    stoppedSomething = true;
  }
  return stoppedSomething;
}

function printEndpoints(withApp: boolean) {
  const rows: [string, string][] = [
    ...(withApp ? [["App URL", `http://127.0.0.1:${PORTS.web}`] as [string, string]] : []),
    ["API URL", API_URL],
    ["REST URL", `${API_URL}/rest/v1`],
    ["Functions URL", `${API_URL}/functions/v1`],
    ["Realtime URL", `${API_URL.replace("http", "ws")}/realtime/v1`],
    ["DB URL", DB_URL],
    ["Publishable key", PUBLISHABLE_KEY],
    ["Secret key", SECRET_KEY],
    ["JWKS", `${API_URL}/auth/v1/.well-known/jwks.json`],
    ["signing keys", SIGNING_KEYS_PATH],
    ["legacy JWT secret", JWT_SECRET],
    ["legacy anon key", ANON_KEY],
    ["legacy service_role key", SERVICE_ROLE_KEY],
    ["data folder", PATHS.data],
    ["logs", PATHS.logs],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`  ${k.padStart(width)}: ${v}`);
}

export async function reset(): Promise<void> {
  const wasUp = await runningPid() !== null;
  await down();
  await removeCluster();
  await up({ quiet: true });
  console.log("database rebuilt from supabase/migrations and seed.sql");
  if (!wasUp) {
    // leave the machine as we found it
    await down();
  }
}

/**
 * The types of a database built from nothing but the migrations: a throwaway
 * cluster (own folder, own port below the ephemeral range) gets the bootstrap
 * and `supabase db push`, then `supabase gen types`. Generating from the
 * developer's running database instead would hide an edited migration that
 * database already applied, or an object someone created by hand.
 */
async function typesFromMigrations(): Promise<{ types: string; refusals: RefusalRow[] | null }> {
  const dir = await Deno.makeTempDir({ prefix: "theset-types-" });
  await Deno.chmod(dir, 0o755);
  let port = 29000 + (PORTS.db % 1000);
  while (await portInUse(port)) port++;
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", import.meta.filename!, "scratch-types"],
      env: { THESET_STACK_DIR: dir, THESET_DB_PORT: String(port) },
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) throw new StackError(new TextDecoder().decode(out.stderr).trim().replace(/^error: /, ""));
    return JSON.parse(new TextDecoder().decode(out.stdout));
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/** Runs inside typesFromMigrations' child, pointed at its throwaway folder and port. */
async function scratchTypes(): Promise<void> {
  await initCluster();
  await startCluster();
  try {
    await applyBootstrap();
    await pushMigrations();
    const built = { types: await generateTypes(), refusals: await readRefusals() };
    await Deno.stdout.write(new TextEncoder().encode(JSON.stringify(built)));
  } finally {
    await stopCluster("immediate");
  }
}

/** Where the database types go: the functions' copy, and the SPA's where the project has a web/src/lib folder. */
async function typesTargets(): Promise<string[]> {
  const spa = await Deno.stat(dirname(PATHS.webTypes)).then((s) => s.isDirectory, () => false);
  return spa ? [PATHS.types, PATHS.webTypes] : [PATHS.types];
}

/**
 * db:types writes the generated files (the database types for the functions and the SPA, and the refusal
 * catalogue's SPA words and README table); with --check, fails when a committed one is stale.
 */
export async function types(check: boolean): Promise<void> {
  const built = await typesFromMigrations();
  const typeFiles = (await typesTargets()).map((path) => [path, built.types] as [string, string]);
  const files = new Map([...typeFiles, ...(built.refusals ? await refusalFiles(built.refusals) : [])]);
  for (const [path, generated] of files) {
    if (check) {
      const committed = await Deno.readTextFile(path).catch(() => "");
      if (committed !== generated) {
        throw new StackError(`${path} is stale against the migrations: run \`npm run db:types\` and commit it`);
      }
      continue;
    }
    await Deno.writeTextFile(path, generated);
    console.log(`wrote ${path}`);
  }
  if (check) console.log("database types and the refusal catalogue's copies are up to date with the migrations");
}

async function status(): Promise<void> {
  const pg = await runningPid();
  console.log(`postgres   ${pg ? `running (pid ${pg}) on 127.0.0.1:${PORTS.db}` : "stopped"}`);
  for (const service of platformServices({ web: true })) {
    const pid = await serviceRunning(service);
    console.log(`${service.name.padEnd(10)} ${pid ? `running (pid ${pid}) on 127.0.0.1:${service.port}` : "stopped"}`);
  }
}

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case "up":
      await up();
      return 0;
    case "start":
      // the platform, the functions, the demo upstream (without keys) and the SPA; then, on an empty
      // database, the first syncs. The web service itself is registry.ts' "web" entry (platformServices).
      await up({ web: true });
      await firstSync();
      console.log(`\nTheSet is at http://127.0.0.1:${PORTS.web} (npm run stack:down stops everything)`);
      return 0;
    case "down":
      console.log(await down() ? "stack stopped" : "stack is not running; nothing to stop");
      return 0;
    case "status":
      await status();
      return 0;
    case "reset":
      await reset();
      return 0;
    case "types":
      await types(rest.includes("--check"));
      return 0;
    case "first-sync":
      // what npm start does after up: the first syncs, when no tour sync has succeeded yet
      await firstSync();
      return 0;
    case "scratch-types":
      await scratchTypes();
      return 0;
    case "schema-diff":
      if (!rest[0]) throw new StackError("usage: npm run db:schema-diff -- <git revision>");
      return await schemaDiff(rest[0]) ? 0 : 1;
    case "scratch-schema":
      await scratchSchema();
      return 0;
    default:
      console.error(
        `usage: cli.ts up | start | first-sync | down | status | reset | types [--check] | schema-diff <revision>`,
      );
      return 2;
  }
}

if (import.meta.main) await runCommand(main);
