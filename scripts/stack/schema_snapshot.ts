// The schema a set of migrations builds, as comparable text: a throwaway
// cluster gets the platform bootstrap and `supabase db push` of the
// migrations (from the working tree or from any git revision), then
// pg_dump --schema-only plus the pg_cron jobs, normalised so that two
// migration histories that build the same database print the same text.
//
// What it is for: folding amendments into their feature migrations (or any
// reshuffle of supabase/migrations) must not change the database. Compare
// with `npm run db:schema-diff -- <git revision>`.

import { join } from "node:path";
import { DB_URL, PATHS, PORTS, ROOT } from "./config.ts";
import { applyBootstrap, initCluster, pgBinDir, psql, startCluster, stopCluster } from "./postgres.ts";
import { pushMigrations } from "./migrations.ts";
import { lastLine, portInUse, run, StackError } from "./proc.ts";

/** The history of applied migrations is bookkeeping, not schema: two histories may differ there by design. */
const IGNORED_SCHEMAS = ["supabase_migrations"];

/**
 * pg_dump's text as a sorted list of statements without comments, SET lines
 * or blank runs: dump order follows object creation, which a reshuffle of
 * migrations may change without changing the database.
 */
export function normaliseDump(dump: string): string {
  return dumpStatements(dump).sort().join("\n\n") + "\n";
}

/** pg_dump's statements in dump order, without comments, SET lines or blank runs outside function bodies. */
export function dumpStatements(dump: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  let inBody = false; // inside a $$-quoted function body, where ';' ends nothing
  for (const line of dump.split("\n")) {
    if (!inBody && (line.startsWith("--") || line.trim() === "")) continue;
    if (!inBody && /^(SET|SELECT pg_catalog\.set_config)\b/.test(line)) continue;
    if (!inBody && /^\\(un)?restrict\b/.test(line)) continue; // pg_dump 17's per-run random guard
    current.push(line);
    const dollars = (line.match(/\$\$/g) ?? []).length;
    if (dollars % 2 === 1) inBody = !inBody;
    if (!inBody && line.trimEnd().endsWith(";")) {
      statements.push(current.join("\n"));
      current = [];
    }
  }
  if (current.length) statements.push(current.join("\n"));
  return statements;
}

/** The marker schemaOf puts between the normalised dump and the pg_cron jobs (one a line). */
export const CRON_JOBS_MARKER = "\n-- pg_cron jobs\n";

/**
 * What differs between two schemaOf texts, one entry per statement or pg_cron
 * job: "- " + the first line of what only `before` has, "+ " + the first line
 * of what only `after` has (a comment's text cut to "IS ..."), sorted. A changed function is its old and new
 * CREATE line; an unchanged one is not listed.
 */
export function schemaChanges(before: string, after: string): string[] {
  const items = (text: string) => {
    const [dump, jobs = ""] = text.split(CRON_JOBS_MARKER);
    return new Set([...dumpStatements(dump), ...jobs.split("\n").filter(Boolean).map((j) => `cron job ${j}`)]);
  };
  const [was, is] = [items(before), items(after)];
  // a comment's text is cut: "COMMENT ON FUNCTION public.f() IS ..." names which comment changed
  const firstLine = (s: string) => s.split("\n")[0].replace(/ IS '.*$/, " IS ...");
  return [
    ...[...was].filter((s) => !is.has(s)).map((s) => "- " + firstLine(s)),
    ...[...is].filter((s) => !was.has(s)).map((s) => "+ " + firstLine(s)),
  ].sort();
}

/** Runs inside schemaOf's child, pointed at its throwaway folder, port and project folder. */
export async function scratchSchema(): Promise<void> {
  await initCluster();
  // a throwaway cluster: nothing in it needs to survive a crash, and durability is most of its build time
  await Deno.writeTextFile(
    join(PATHS.data, "postgresql.conf"),
    "\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\nshared_buffers = 32MB\n",
    { append: true },
  );
  await startCluster();
  try {
    await applyBootstrap();
    if (Deno.env.get("THESET_SESSION_PER_MIGRATION") === "1") await applyEachInItsOwnSession();
    else await pushMigrations();
    const pgDump = join(await pgBinDir(), "pg_dump");
    const dump = await run(pgDump, [
      "--schema-only",
      ...IGNORED_SCHEMAS.flatMap((s) => ["--exclude-schema", s]),
      DB_URL,
    ]);
    if (dump.code !== 0) throw new StackError(`pg_dump failed: ${lastLine(dump.stderr)}`);
    const jobs = await psql([
      "-At",
      "-c",
      "select jobname || ' | ' || schedule || ' | ' || command from cron.job order by jobname",
    ]);
    if (jobs.code !== 0) throw new StackError(`reading cron.job failed: ${lastLine(jobs.stderr)}`);
    const text = normaliseDump(dump.stdout) + CRON_JOBS_MARKER + jobs.stdout;
    await Deno.stdout.write(new TextEncoder().encode(text));
  } finally {
    await stopCluster("immediate");
  }
}

/**
 * Every migration applied as postgres in a session of its own, in order: how they meet a hosted project
 * deployed one release at a time (each `db push` a new connection), where nothing a migration leaves in its
 * session (a loaded extension library, a setting) reaches the next one. A full push runs them all in one.
 */
async function applyEachInItsOwnSession(): Promise<void> {
  const files = [];
  for await (const entry of Deno.readDir(PATHS.migrations)) if (entry.name.endsWith(".sql")) files.push(entry.name);
  for (const file of files.sort()) {
    const applied = await psql(["--single-transaction", "-f", join(PATHS.migrations, file)]);
    if (applied.code !== 0) throw new StackError(`${file} in a session of its own: ${lastLine(applied.stderr)}`);
  }
}

/** The migrations' supabase/ folder at a git revision, extracted into `dir`. */
async function extractRevision(revision: string, dir: string): Promise<void> {
  const archive = await run("git", [
    "-C",
    ROOT,
    "archive",
    "--format=tar",
    "-o",
    join(dir, "rev.tar"),
    revision,
    "supabase",
  ]);
  if (archive.code !== 0) throw new StackError(`git archive ${revision} failed: ${lastLine(archive.stderr)}`);
  const untar = await run("tar", ["-xf", join(dir, "rev.tar"), "-C", dir]);
  if (untar.code !== 0) throw new StackError(`extracting ${revision} failed: ${lastLine(untar.stderr)}`);
}

/**
 * The normalised schema of the working tree's migrations (revision null) or of a git revision's; slot: see the
 * port below; sessionPerMigration: applied one session per migration instead of one `db push`.
 */
export async function schemaOf(revision: string | null, slot = 0, sessionPerMigration = false): Promise<string> {
  const work = await Deno.makeTempDir({ prefix: "theset-schema-" });
  await Deno.chmod(work, 0o755);
  const projectDir = revision === null ? ROOT : join(work, "project");
  // each slot searches its own range, so two schemas can be built at once
  let port = 28000 + slot * 3000 + (PORTS.db % 1000);
  while (await portInUse(port)) port++;
  try {
    if (revision !== null) {
      await Deno.mkdir(projectDir);
      await extractRevision(revision, projectDir);
    }
    const cluster = join(work, "stack");
    await Deno.mkdir(cluster);
    await Deno.chmod(cluster, 0o755);
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", join(ROOT, "scripts", "stack", "cli.ts"), "scratch-schema"],
      env: {
        THESET_STACK_DIR: cluster,
        THESET_DB_PORT: String(port),
        THESET_PROJECT_DIR: projectDir,
        THESET_SESSION_PER_MIGRATION: sessionPerMigration ? "1" : "0",
      },
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) throw new StackError(new TextDecoder().decode(out.stderr).trim().replace(/^error: /, ""));
    return new TextDecoder().decode(out.stdout);
  } finally {
    await Deno.remove(work, { recursive: true }).catch(() => {});
  }
}

/** db:schema-diff: the unified diff between a revision's schema and the working tree's; false when they differ. */
export async function schemaDiff(revision: string): Promise<boolean> {
  const [before, after] = await Promise.all([schemaOf(revision, 0), schemaOf(null, 1)]);
  if (before === after) {
    console.log(`the migrations build the same schema as ${revision}'s`);
    return true;
  }
  const dir = await Deno.makeTempDir({ prefix: "theset-schema-diff-" });
  try {
    await Deno.writeTextFile(join(dir, revision.replaceAll("/", "_")), before);
    await Deno.writeTextFile(join(dir, "working-tree"), after);
    const diff = await run("diff", ["-u", revision.replaceAll("/", "_"), "working-tree"], { cwd: dir });
    console.log(diff.stdout);
    return false;
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}
