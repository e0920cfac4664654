// The stack CLI's contract: up/down are idempotent with clear messages, and
// every failure is one line, a non-zero exit, and nothing left running.
// Each case runs a throwaway stack in its own folder on its own ports so the
// developer's stack on 54321/54322 is never touched.

import { assert, assertEquals, assertMatch, assertNotEquals } from "../../test/assert.ts";
import { join } from "node:path";
import { ROOT, separateStackEnv } from "../config.ts";
import { SIGNING_KEYS_PATH } from "../keys.ts";

const CLI = join(ROOT, "scripts", "stack", "cli.ts");

interface Isolated {
  env: Record<string, string>;
  dir: string;
  dbPort: number;
}

// Below Linux's ephemeral range (32768-60999), so no client connection of
// the running suite can be sitting on a port these stacks want to listen on;
// offset by this checkout's own DB port so parallel checkouts do not collide.
let nextPort = 20000 + (Number(Deno.env.get("THESET_DB_PORT") ?? 54322) - 54322) * 2;

async function isolatedStack(extraEnv: Record<string, string> = {}): Promise<Isolated> {
  const dir = await Deno.makeTempDir({ prefix: "theset-stack-test-" });
  // postgres (run as its own user when we are root) must reach the folder
  await Deno.chmod(dir, 0o755);
  const base = nextPort;
  nextPort += 10;
  const env = {
    ...separateStackEnv(dir, base),
    ...extraEnv,
  };
  return { env, dir, dbPort: base };
}

async function cli(stack: Isolated, ...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    env: { ...stack.env, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr).trim() };
}

/** No postgres process serving this stack's data folder. */
async function assertNothingRunning(stack: Isolated) {
  const ps = await new Deno.Command("ps", { args: ["-eo", "args"], stdout: "piped" }).output();
  const lines = new TextDecoder().decode(ps.stdout).split("\n").filter((l) => l.includes(stack.dir));
  assertEquals(lines, [], "no process of this stack is left running");
}

async function cleanup(stack: Isolated) {
  await cli(stack, "down");
  await Deno.remove(stack.dir, { recursive: true }).catch(() => {});
}

Deno.test("up starts, up again reuses, down stops, down again says so", async () => {
  const stack = await isolatedStack();
  try {
    const first = await cli(stack, "up");
    assertEquals(first.code, 0, first.stderr);
    assertMatch(first.stdout, /stack is up/);
    assertMatch(first.stdout, new RegExp(`127\\.0\\.0\\.1:${stack.dbPort}`));
    // today's keys first, the legacy ones after them
    const newKeysAt = first.stdout.indexOf("Publishable key: sb_publishable_");
    assert(newKeysAt >= 0 && first.stdout.indexOf("legacy anon key: eyJ") > newKeysAt, first.stdout);
    assertMatch(first.stdout, /Secret key: sb_secret_/);
    // a signing key pair of its own, kept in the stack's folder
    const ownKid = JSON.parse(await Deno.readTextFile(join(stack.dir, "signing_keys.json"))).keys[0].kid;
    const developersKid = JSON.parse(await Deno.readTextFile(SIGNING_KEYS_PATH)).keys[0].kid;
    assertNotEquals(ownKid, developersKid);

    const again = await cli(stack, "up");
    assertEquals(again.code, 0, again.stderr);
    assertMatch(again.stdout, /already up; reusing it/);

    const stopped = await cli(stack, "down");
    assertEquals(stopped.code, 0);
    assertMatch(stopped.stdout, /stack stopped/);

    const twice = await cli(stack, "down");
    assertEquals(twice.code, 0);
    assertMatch(twice.stdout, /not running; nothing to stop/);
    await assertNothingRunning(stack);
  } finally {
    await cleanup(stack);
  }
});

Deno.test("up refuses a port held by another process, in one line", async () => {
  const stack = await isolatedStack();
  const squatter = Deno.listen({ hostname: "127.0.0.1", port: stack.dbPort });
  try {
    const res = await cli(stack, "up");
    assertEquals(res.code, 1);
    assertEquals(res.stderr.split("\n").length, 1, res.stderr);
    assertMatch(res.stderr, new RegExp(`port ${stack.dbPort} .* held by another process`));
    await assertNothingRunning(stack);
  } finally {
    squatter.close();
    await cleanup(stack);
  }
});

Deno.test("a failing migration stops up in one line and leaves nothing running", async () => {
  const project = await Deno.makeTempDir({ prefix: "theset-project-test-" });
  await Deno.mkdir(join(project, "supabase", "migrations"), { recursive: true });
  await Deno.copyFile(join(ROOT, "supabase", "config.toml"), join(project, "supabase", "config.toml"));
  await Deno.writeTextFile(join(project, "supabase", "seed.sql"), "select 1;\n");
  await Deno.writeTextFile(
    join(project, "supabase", "migrations", "20260101000000_broken.sql"),
    "create table public.ok_table (id int);\ncreate tabel public.typo (id int);\n",
  );
  const stack = await isolatedStack({ THESET_PROJECT_DIR: project });
  try {
    const res = await cli(stack, "up");
    assertEquals(res.code, 1);
    assertEquals(res.stderr.split("\n").length, 1, res.stderr);
    assertMatch(res.stderr, /migrations failed/);
    assertMatch(res.stderr, /tabel|syntax error/);
    await assertNothingRunning(stack);
  } finally {
    await cleanup(stack);
    await Deno.remove(project, { recursive: true });
  }
});

Deno.test("a migration that needs a superuser fails on up as on hosted; an ordinary one then applies as postgres", async () => {
  // `supabase db push` connects as postgres, which is not a superuser here
  // either; each statement below is refused on a hosted project too
  const needsSuperuser: [string, RegExp][] = [
    ["alter role postgres superuser;", /must be superuser to alter superuser roles/],
    ["alter system set work_mem = '64MB';", /permission denied to set parameter "work_mem"/],
    ["create extension file_fdw;", /permission denied to create extension "file_fdw"/],
    ["update cron.job set active = false;", /permission denied for table job/],
  ];
  const project = await Deno.makeTempDir({ prefix: "theset-project-test-" });
  const migration = join(project, "supabase", "migrations", "20260101000000_needs_superuser.sql");
  await Deno.mkdir(join(project, "supabase", "migrations"), { recursive: true });
  await Deno.copyFile(join(ROOT, "supabase", "config.toml"), join(project, "supabase", "config.toml"));
  await Deno.writeTextFile(join(project, "supabase", "seed.sql"), "select 1;\n");
  const stack = await isolatedStack({ THESET_PROJECT_DIR: project });
  try {
    for (const [statement, refusal] of needsSuperuser) {
      await Deno.writeTextFile(migration, `create extension if not exists pg_cron;\n${statement}\n`);
      const res = await cli(stack, "up");
      assertEquals(res.code, 1, `${statement} was applied: ${res.stdout}`);
      assertMatch(res.stderr, /migrations failed: 20260101000000_needs_superuser\.sql: ERROR: /);
      assertMatch(res.stderr, refusal);
      assertMatch(res.stderr, /SQLSTATE 42501/);
    }
    // the same path takes what postgres may do: its tables, trusted extensions, its own pg_cron jobs
    await Deno.writeTextFile(
      migration,
      "create extension if not exists pg_trgm with schema extensions;\n" +
        "create table public.ordinary (id int primary key);\n" +
        "select cron.schedule('ordinary', '0 0 * * *', 'select 1');\n",
    );
    const res = await cli(stack, "up");
    assertEquals(res.code, 0, res.stderr);
    const owners = await new Deno.Command("psql", {
      args: [
        `postgresql://postgres:postgres@127.0.0.1:${stack.dbPort}/postgres`,
        "-XAtc",
        "select (select relowner::regrole::text from pg_class where oid = 'public.ordinary'::regclass)" +
        " || ' ' || (select username from cron.job where jobname = 'ordinary')" +
        " || ' ' || current_setting('is_superuser')",
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(new TextDecoder().decode(owners.stdout).trim(), "postgres postgres off");
  } finally {
    await cleanup(stack);
    await Deno.remove(project, { recursive: true });
  }
});

Deno.test("a missing PostgreSQL binary is one line naming the fix", async () => {
  const stack = await isolatedStack({ PG_BINDIR: "/nonexistent/postgresql/bin" });
  try {
    const res = await cli(stack, "up");
    assertEquals(res.code, 1);
    assertEquals(res.stderr.split("\n").length, 1, res.stderr);
    assertMatch(res.stderr, /initdb not found in \/nonexistent\/postgresql\/bin: run `npm run setup`/);
    await assertNothingRunning(stack);
  } finally {
    await cleanup(stack);
  }
});

Deno.test("db:reset rebuilds the database from the migrations", async () => {
  const stack = await isolatedStack();
  try {
    assertEquals((await cli(stack, "up")).code, 0);
    const url = `postgresql://postgres:postgres@127.0.0.1:${stack.dbPort}/postgres`;
    const psql = (sql: string) =>
      new Deno.Command("psql", { args: [url, "-XAtqc", sql], stdout: "piped", stderr: "piped" }).output();
    assert((await psql("create table public.scratch_left_behind (id int)")).success);
    const reset = await cli(stack, "reset");
    assertEquals(reset.code, 0, reset.stderr);
    const after = await psql("select to_regclass('public.scratch_left_behind') is null");
    assertEquals(new TextDecoder().decode(after.stdout).trim(), "t", "the stray table is gone");
    const roles = await psql("select count(*) from pg_roles where rolname in ('anon','authenticated','service_role')");
    assertEquals(new TextDecoder().decode(roles.stdout).trim(), "3", "the bootstrap was applied again");
  } finally {
    await cleanup(stack);
  }
});

Deno.test("db:types --check fails on types (the functions' or the SPA's copy) that do not match the migrations, db:types fixes them", async () => {
  const project = await Deno.makeTempDir({ prefix: "theset-project-test-" });
  await Deno.mkdir(join(project, "supabase", "migrations"), { recursive: true });
  await Deno.mkdir(join(project, "supabase", "functions", "_shared"), { recursive: true });
  await Deno.copyFile(join(ROOT, "supabase", "config.toml"), join(project, "supabase", "config.toml"));
  await Deno.writeTextFile(join(project, "supabase", "seed.sql"), "select 1;\n");
  await Deno.writeTextFile(
    join(project, "supabase", "migrations", "20260101000000_probe.sql"),
    "create table public.types_probe (id int primary key, label text not null);\n",
  );
  const typesFile = join(project, "supabase", "functions", "_shared", "database.types.ts");
  await Deno.writeTextFile(typesFile, "// written before the migration\n");
  // the SPA's copy lives outside supabase/functions, so web/ imports nothing from the functions' folder
  await Deno.mkdir(join(project, "web", "src", "lib"), { recursive: true });
  const spaTypesFile = join(project, "web", "src", "lib", "database.types.ts");
  // no stack is running for this project: the check builds its own throwaway database
  const stack = await isolatedStack({ THESET_PROJECT_DIR: project });
  try {
    const stale = await cli(stack, "types", "--check");
    assertEquals(stale.code, 1);
    assertMatch(stale.stderr, /is stale against the migrations: run `npm run db:types`/);

    const written = await cli(stack, "types");
    assertEquals(written.code, 0, written.stderr);
    assertMatch(await Deno.readTextFile(typesFile), /"types_probe": \{[\s\S]*"?label"?: string/);

    assertEquals(await Deno.readTextFile(spaTypesFile), await Deno.readTextFile(typesFile));

    const fresh = await cli(stack, "types", "--check");
    assertEquals(fresh.code, 0, fresh.stderr);

    // a stale SPA copy fails the check on its own
    await Deno.writeTextFile(spaTypesFile, "// edited by hand\n");
    const staleSpa = await cli(stack, "types", "--check");
    assertEquals(staleSpa.code, 1);
    assertMatch(staleSpa.stderr, /web\/src\/lib\/database\.types\.ts is stale against the migrations/);
    await assertNothingRunning(stack);
  } finally {
    await cleanup(stack);
    await Deno.remove(project, { recursive: true });
  }
});
