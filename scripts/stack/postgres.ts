// The project-local PostgreSQL cluster: system PostgreSQL binaries, a data
// folder under .stack/, pg_cron preloaded and wal_level=logical for realtime.

import { join } from "node:path";
import { ADMIN_DB, ADMIN_DB_URL, DB, DB_URL, HOST, PATHS, PORTS } from "./config.ts";
import { asDbOwner, exists, isRoot, lastLine, portInUse, run, sleep, StackError } from "./proc.ts";

const PG_LOG = join(PATHS.logs, "postgres.log");
const BOOTSTRAP_MARKER = join(PATHS.data, "theset_bootstrap_done");

/** Newest /usr/lib/postgresql/<major>/bin that has pg_cron and wal2json. */
export async function pgBinDir(): Promise<string> {
  const override = Deno.env.get("PG_BINDIR");
  if (override) return override;
  const candidates: number[] = [];
  try {
    for await (const entry of Deno.readDir("/usr/lib/postgresql")) {
      const major = Number(entry.name);
      if (Number.isInteger(major) && major >= 15) candidates.push(major);
    }
  } catch {
    // no system PostgreSQL at all; reported below
  }
  candidates.sort((a, b) => b - a);
  for (const major of candidates) {
    const lib = `/usr/lib/postgresql/${major}/lib`;
    if (await exists(`${lib}/pg_cron.so`) && await exists(`${lib}/wal2json.so`)) {
      return `/usr/lib/postgresql/${major}/bin`;
    }
  }
  throw new StackError(
    "PostgreSQL 15+ with pg_cron and wal2json not found under /usr/lib/postgresql: run `npm run setup`",
  );
}

async function pgTool(tool: string, args: string[]) {
  const dir = await pgBinDir();
  if (!await exists(join(dir, tool))) {
    throw new StackError(
      `${tool} not found in ${dir}: run \`npm run setup\` (PostgreSQL 15 with pg_cron and wal2json)`,
    );
  }
  const [cmd, argv] = asDbOwner(join(dir, tool), args);
  return run(cmd, argv);
}

export async function clusterExists(): Promise<boolean> {
  return await exists(join(PATHS.data, "PG_VERSION"));
}

async function chownToDbOwner(path: string) {
  if (!isRoot()) return;
  const res = await run("chown", ["-R", "postgres:postgres", path]);
  if (res.code !== 0) throw new StackError(`chown ${path} failed: ${lastLine(res.stderr)}`);
}

export async function initCluster(): Promise<void> {
  await Deno.mkdir(PATHS.data, { recursive: true });
  await Deno.mkdir(PATHS.socket, { recursive: true });
  await Deno.mkdir(PATHS.logs, { recursive: true });
  const pwfile = join(PATHS.socket, "initdb.pw");
  await Deno.writeTextFile(pwfile, `${ADMIN_DB.password}\n`);
  await Deno.chmod(PATHS.data, 0o700);
  await chownToDbOwner(PATHS.data);
  await chownToDbOwner(PATHS.socket);
  const res = await pgTool("initdb", [
    "-D",
    PATHS.data,
    // as on hosted Supabase, the bootstrap superuser is supabase_admin; the
    // bootstrap creates postgres as an ordinary (NOSUPERUSER) role
    "-U",
    ADMIN_DB.user,
    `--pwfile=${pwfile}`,
    "--auth-host=scram-sha-256",
    "--auth-local=trust",
    "-E",
    "UTF8",
    "--locale=C.UTF-8",
  ]);
  await Deno.remove(pwfile).catch(() => {});
  if (res.code !== 0) {
    throw new StackError(`initdb failed: ${lastLine(res.stderr) || lastLine(res.stdout)}`);
  }
  const settings = [
    "# written by scripts/stack (TheSet local platform)",
    `listen_addresses = '${HOST}'`,
    `port = ${PORTS.db}`,
    `unix_socket_directories = '${PATHS.socket}'`,
    "shared_preload_libraries = 'pg_cron,pg_stat_statements'",
    `cron.database_name = '${DB.database}'`,
    // run jobs in background workers: no libpq login, so no password needed
    "cron.use_background_workers = on",
    "max_worker_processes = 32",
    "wal_level = logical",
    "max_replication_slots = 10",
    "max_wal_senders = 10",
    // votes benchmarks open a few hundred connections
    "max_connections = 400",
    "shared_buffers = 512MB",
    "work_mem = 16MB",
    "maintenance_work_mem = 256MB",
    "timezone = 'UTC'",
    "log_timezone = 'UTC'",
    "log_min_messages = warning",
    "log_min_error_statement = panic",
  ];
  await Deno.writeTextFile(join(PATHS.data, "postgresql.conf"), "\n" + settings.join("\n") + "\n", {
    append: true,
  });
}

/** pid of the cluster's postmaster, or null when it is not running. */
export async function runningPid(): Promise<number | null> {
  if (!await clusterExists()) return null;
  const res = await pgTool("pg_ctl", ["-D", PATHS.data, "status"]);
  if (res.code !== 0) return null;
  const match = res.stdout.match(/PID: (\d+)/);
  return match ? Number(match[1]) : null;
}

export async function startCluster(): Promise<void> {
  if (await portInUse(PORTS.db)) {
    throw new StackError(
      `port ${PORTS.db} on ${HOST} is held by another process (stop it or set THESET_DB_PORT)`,
    );
  }
  await Deno.mkdir(PATHS.logs, { recursive: true });
  await Deno.writeTextFile(PG_LOG, "", { append: true });
  if (isRoot()) await run("chown", ["postgres:postgres", PG_LOG]);
  await chownToDbOwner(PATHS.socket);
  const res = await pgTool("pg_ctl", ["-D", PATHS.data, "-l", PG_LOG, "-w", "-t", "60", "start"]);
  if (res.code !== 0) {
    const log = await Deno.readTextFile(PG_LOG).catch(() => "");
    const fatal = log.split("\n").filter((l) => /FATAL|PANIC|ERROR/.test(l)).at(-1);
    throw new StackError(`postgres did not start: ${fatal?.trim() || lastLine(res.stderr)} (log: ${PG_LOG})`);
  }
  try {
    await waitReady();
  } catch (error) {
    // started here but unusable (say, a cluster from before the hosted roles): leave nothing running
    await stopCluster("fast").catch(() => {});
    throw error;
  }
}

export async function stopCluster(mode: "fast" | "immediate" = "fast"): Promise<void> {
  const res = await pgTool("pg_ctl", ["-D", PATHS.data, "-m", mode, "-w", "-t", "60", "stop"]);
  if (res.code !== 0) throw new StackError(`postgres did not stop: ${lastLine(res.stderr)}`);
}

/** Where a cluster made before the hosted roles (postgres as its superuser) stops. */
export const PRE_ROLES_CLUSTER =
  "this database cluster predates the hosted roles (postgres was its superuser, there is no supabase_admin): " +
  "rebuild it with `npm run db:reset`";

export async function waitReady(timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await adminPsql(["-c", "select 1"]).catch(() => null);
    if (res && res.code === 0) return;
    if (res && /authentication failed for user "supabase_admin"/.test(res.stderr) && await isPreRolesCluster()) {
      throw new StackError(PRE_ROLES_CLUSTER);
    }
    await sleep(200);
  }
  throw new StackError(`postgres on ${HOST}:${PORTS.db} did not accept connections within ${timeoutMs / 1000}s`);
}

/**
 * True for a cluster made before the hosted roles: asked over the local socket
 * (trust authentication, so no password is involved), it has no supabase_admin.
 * Over TCP the server says only "password authentication failed" for a role it
 * does not have.
 */
async function isPreRolesCluster(): Promise<boolean> {
  const res = await run("psql", [
    "-h",
    PATHS.socket,
    "-p",
    String(PORTS.db),
    "-U",
    DB.user,
    "-d",
    DB.database,
    "-XAtc",
    "select count(*) from pg_catalog.pg_roles where rolname = 'supabase_admin'",
  ], { env: { PGCONNECT_TIMEOUT: "5" } }).catch(() => null);
  return res?.code === 0 && res.stdout.trim() === "0";
}

/** psql against the stack as postgres (the developer's role); stops at the first error. */
export function psql(args: string[], stdin?: string) {
  return run("psql", [DB_URL, "-X", "-q", "-v", "ON_ERROR_STOP=1", ...args], {
    stdin,
    env: { PGCONNECT_TIMEOUT: "5" },
  });
}

/** psql as supabase_admin, the platform's superuser: the bootstrap only. */
export function adminPsql(args: string[], stdin?: string) {
  return run("psql", [ADMIN_DB_URL, "-X", "-q", "-v", "ON_ERROR_STOP=1", ...args], {
    stdin,
    env: { PGCONNECT_TIMEOUT: "5" },
  });
}

async function bootstrapFiles(): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(PATHS.bootstrap)) {
    if (entry.isFile && entry.name.endsWith(".sql")) files.push(entry.name);
  }
  return files.sort();
}

/** A digest of the bootstrap's SQL, so a changed bootstrap is applied again. */
async function bootstrapDigest(files: string[]): Promise<string> {
  const parts: string[] = [];
  for (const file of files) parts.push(file, await Deno.readTextFile(join(PATHS.bootstrap, file)));
  const hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(parts.join("\0")));
  return Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** True when this cluster has the current bootstrap (every file is re-runnable, so re-applying is safe). */
export async function bootstrapDone(): Promise<boolean> {
  const recorded = await Deno.readTextFile(BOOTSTRAP_MARKER).catch(() => "");
  return recorded.trim() === await bootstrapDigest(await bootstrapFiles());
}

/**
 * Apply scripts/stack/bootstrap/*.sql in name order, each in one transaction,
 * as supabase_admin: the platform is the superuser's, as on hosted Supabase.
 */
export async function applyBootstrap(): Promise<void> {
  const files = await bootstrapFiles();
  for (const file of files) {
    const res = await adminPsql(["--single-transaction", "-f", join(PATHS.bootstrap, file)]);
    if (res.code !== 0 && await isPreRolesCluster()) throw new StackError(PRE_ROLES_CLUSTER);
    if (res.code !== 0) {
      throw new StackError(`platform bootstrap ${file} failed: ${lastLine(res.stderr)}`);
    }
  }
  await Deno.writeTextFile(BOOTSTRAP_MARKER, (await bootstrapDigest(files)) + "\n");
}

export async function removeCluster(): Promise<void> {
  await Deno.remove(PATHS.data, { recursive: true }).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
}
