// npm test [suite ...] [file ...]: lint, db, functions, web, e2e, bench (smoke).
// Paths after the suites narrow the db, functions, web and e2e suites to those files (or folders), run with
// the same environment the whole suite gets: `npm test -- functions supabase/tests/deno/votes.test.ts`.
//
// Starts the local stack when it is not running (and stops it again at the
// end), streams each tool's own output, then prints one summary line per
// suite and a closing "total: N passed, N failed" line. Exits non-zero when
// any suite fails.

import { join } from "node:path";
import { ANON_KEY, API_URL, DB_URL, JWT_SECRET, PORTS, ROOT, SERVICE_ROLE_KEY } from "../stack/config.ts";
import { PUBLISHABLE_KEY, SECRET_KEY } from "../stack/keys.ts";
import { down, up } from "../stack/cli.ts";
import { exists, runCommand, StackError } from "../stack/proc.ts";
import { demoMode, UPSTREAM_URL } from "../stack/upstream/env.ts";
import { createUpstream, type Upstream } from "../stack/upstream/server.ts";

interface Outcome {
  passed: number;
  failed: number;
  skipped?: number;
  note?: string;
}

interface Step {
  label: string;
  cmd: string[];
  parse?: (output: string, code: number) => Outcome;
  env?: Record<string, string>;
}

const BIN = join(ROOT, "node_modules", ".bin");
const DENO = Deno.execPath();

/** Environment every test process gets: how to reach the stack. */
const STACK_ENV: Record<string, string> = {
  SUPABASE_URL: API_URL,
  SUPABASE_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
  SUPABASE_SECRET_KEY: SECRET_KEY,
  SUPABASE_ANON_KEY: ANON_KEY,
  SUPABASE_SERVICE_ROLE_KEY: SERVICE_ROLE_KEY,
  SUPABASE_DB_URL: DB_URL,
  SUPABASE_JWT_SECRET: JWT_SECRET,
  PGPASSWORD: "postgres",
  NO_COLOR: "1",
  // in demo mode the functions' Ticketmaster, Spotify and setlist.fm are the
  // stack's synthetic upstream, whose /__control/faults a test may use to make
  // one request fail the way the real provider can
  ...(demoMode() ? { THESET_UPSTREAM_URL: UPSTREAM_URL } : {}),
};

/**
 * The upstream the tests make their own namespaces on (THESET_TEST_UPSTREAM_URL: the product's tests
 * reach it by URL and its control API only): the stack's own in demo mode, else one this run starts.
 */
function testUpstream(): { url: string; started: Upstream | null } {
  if (demoMode()) return { url: UPSTREAM_URL, started: null };
  const started = createUpstream({ port: 0 });
  return { url: started.url, started };
}

async function runStep(step: Step): Promise<{ code: number; output: string }> {
  console.log(`\n$ ${step.cmd.map((a) => a.replace(ROOT + "/", "")).join(" ")}`);
  const child = new Deno.Command(step.cmd[0], {
    args: step.cmd.slice(1),
    cwd: ROOT,
    env: { ...STACK_ENV, ...step.env },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const decoder = new TextDecoder();
  let output = "";
  const pump = async (stream: ReadableStream<Uint8Array>, sink: typeof Deno.stdout) => {
    for await (const chunk of stream) {
      output += decoder.decode(chunk, { stream: true });
      await sink.write(chunk);
    }
  };
  await Promise.all([pump(child.stdout, Deno.stdout), pump(child.stderr, Deno.stderr)]);
  const { code } = await child.status;
  return { code, output };
}

/** A step that prepares a suite: counted only when it fails. */
const preparation = (_output: string, code: number): Outcome => ({ passed: 0, failed: code === 0 ? 0 : 1 });

/** A step without its own counts: one check that passed or failed. */
const oneCheck = (_output: string, code: number): Outcome => ({
  passed: code === 0 ? 1 : 0,
  failed: code === 0 ? 0 : 1,
});

function parsePgProve(output: string, code: number): Outcome {
  const tests = Number(output.match(/Tests=(\d+)/)?.[1] ?? 0);
  let failed = 0;
  for (const m of output.matchAll(/Failed: (\d+)\)/g)) failed += Number(m[1]);
  // a file that died before its plan finished still fails the run
  if (code !== 0 && failed === 0) failed = 1;
  return { passed: tests - failed, failed };
}

function parseDenoTest(output: string, code: number): Outcome {
  const m = [
    ...output.matchAll(
      /(?:ok|FAILED) \| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed(?: \(\d+ steps?\))?(?: \| (\d+) ignored)?/g,
    ),
  ]
    .at(-1);
  if (!m) return { passed: 0, failed: code === 0 ? 0 : 1 };
  return { passed: Number(m[1]), failed: Number(m[2]), skipped: Number(m[3] ?? 0) };
}

function parseVitest(output: string, code: number): Outcome {
  const line = output.split("\n").find((l) => /^\s*Tests\s+/.test(l)) ?? "";
  const passed = Number(line.match(/(\d+) passed/)?.[1] ?? 0);
  const failed = Number(line.match(/(\d+) failed/)?.[1] ?? 0);
  const skipped = Number(line.match(/(\d+) skipped/)?.[1] ?? 0);
  if (!line) return { passed: 0, failed: code === 0 ? 0 : 1 };
  return { passed, failed: failed || (code === 0 ? 0 : 1), skipped };
}

async function listFiles(dir: string, suffix: string): Promise<string[]> {
  const found: string[] = [];
  if (!await exists(dir)) return found;
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory && entry.name !== "node_modules") found.push(...await listFiles(path, suffix));
    else if (entry.isFile && entry.name.endsWith(suffix)) found.push(path);
  }
  return found.sort();
}

/** The files a suite would run, narrowed to the paths given on the command line (all of them when none). */
function narrowed(files: string[], only: string[]): string[] {
  if (!only.length) return files;
  const wanted = only.map((p) => join(ROOT, p).replace(/\/$/, ""));
  return files.filter((f) => wanted.some((w) => f === w || f.startsWith(w + "/")));
}

async function suiteSteps(name: string, only: string[] = []): Promise<Step[]> {
  switch (name) {
    case "lint": {
      const steps: Step[] = [
        { label: "deno fmt", cmd: [DENO, "fmt", "--check"], parse: oneCheck },
        { label: "deno lint", cmd: [DENO, "lint"], parse: oneCheck },
      ];
      const denoTs = [
        ...await listFiles(join(ROOT, "scripts"), ".ts"),
        ...await listFiles(join(ROOT, "supabase", "functions"), ".ts"),
        ...await listFiles(join(ROOT, "supabase", "tests"), ".ts"),
      ];
      steps.push({ label: "deno check", cmd: [DENO, "check", ...denoTs], parse: oneCheck });
      if (await exists(join(ROOT, "web", "tsconfig.json"))) {
        steps.push({
          label: "tsc web",
          cmd: [join(BIN, "tsc"), "--noEmit", "-p", "web/tsconfig.json"],
          parse: oneCheck,
        });
      }
      steps.push({ label: "sizes", cmd: [DENO, "run", "-A", "scripts/lint/sizes.ts"], parse: oneCheck });
      steps.push({ label: "boundaries", cmd: [DENO, "run", "-A", "scripts/lint/boundaries.ts"], parse: oneCheck });
      steps.push({
        label: "database types fresh",
        cmd: [DENO, "run", "-A", "scripts/stack/cli.ts", "types", "--check"],
        parse: oneCheck,
      });
      return steps;
    }
    case "db": {
      const dirs = ["scripts/stack/tests/database", "supabase/tests/database"];
      const present: string[] = [];
      if (only.length) {
        for (const d of dirs) present.push(...narrowed(await listFiles(join(ROOT, d), ".sql"), only));
        if (!present.length) return [];
      } else for (const d of dirs) if ((await listFiles(join(ROOT, d), ".sql")).length) present.push(d);
      return [{
        label: "pg_prove",
        cmd: [
          "pg_prove",
          "-h",
          "127.0.0.1",
          "-p",
          String(PORTS.db),
          "-U",
          "postgres",
          "-d",
          "postgres",
          "--ext",
          ".sql",
          "-r",
          ...present,
        ],
        parse: parsePgProve,
      }];
    }
    case "functions": {
      const files = narrowed([
        ...await listFiles(join(ROOT, "supabase", "functions"), ".test.ts"),
        ...await listFiles(join(ROOT, "supabase", "tests"), ".test.ts"),
        ...await listFiles(join(ROOT, "scripts"), ".test.ts"),
      ], only);
      if (!files.length) return [];
      return [{ label: "deno test", cmd: [DENO, "test", "-A", "--no-check", ...files], parse: parseDenoTest }];
    }
    case "web": {
      if (!await exists(join(ROOT, "web", "vitest.config.ts"))) return [];
      const mine = only.filter((p) => p.startsWith("web/") && !p.startsWith("web/e2e"));
      if (only.length && !mine.length) return [];
      return [{
        label: "vitest",
        cmd: [join(BIN, "vitest"), "run", "--config", "web/vitest.config.ts", ...mine],
        parse: parseVitest,
      }];
    }
    case "e2e": {
      if (!await exists(join(ROOT, "web", "e2e", "vitest.config.ts"))) return [];
      const mine = only.filter((p) => p.startsWith("web/e2e"));
      if (only.length && !mine.length) return [];
      return [{
        // the browser tests run on demo data: what npm start's first sync puts in an empty database, done here
        // by the platform (a no-op once a tour sync has succeeded) so the tests only read it
        label: "first sync",
        cmd: [DENO, "run", "-A", "scripts/stack/cli.ts", "first-sync"],
        parse: preparation,
      }, {
        label: "browser",
        cmd: [join(BIN, "vitest"), "run", "--config", "web/e2e/vitest.config.ts", ...mine],
        parse: parseVitest,
      }];
    }
    case "bench": {
      if (!await exists(join(ROOT, "scripts", "bench", "smoke.ts"))) return [];
      return [{ label: "bench smoke", cmd: [DENO, "run", "-A", "scripts/bench/smoke.ts"], parse: oneCheck }];
    }
    default:
      throw new StackError(`unknown suite ${name}: lint, db, functions, web, e2e, bench`);
  }
}

const ALL_SUITES = ["lint", "db", "functions", "web", "e2e", "bench"];

async function main(args: string[]): Promise<number> {
  const named = args.filter((a) => ALL_SUITES.includes(a));
  const only = args.filter((a) => !ALL_SUITES.includes(a));
  const suites = named.length ? named : ALL_SUITES;
  // every suite talks to the stack, the web suite's component tests included
  const alreadyUp = await up({ quiet: true });
  const startedStack = !alreadyUp;
  const upstream = testUpstream();
  STACK_ENV.THESET_TEST_UPSTREAM_URL = upstream.url;

  const summary: string[] = [];
  let totalPassed = 0;
  let totalFailed = 0;
  try {
    for (const suite of suites) {
      const started = performance.now();
      const steps = await suiteSteps(suite, only);
      const outcome: Outcome = { passed: 0, failed: 0, skipped: 0 };
      const failedSteps: string[] = [];
      for (const step of steps) {
        const { code, output } = await runStep(step);
        const o = (step.parse ?? oneCheck)(output, code);
        if (code !== 0 && o.failed === 0) o.failed = 1;
        outcome.passed += o.passed;
        outcome.failed += o.failed;
        outcome.skipped = (outcome.skipped ?? 0) + (o.skipped ?? 0);
        if (code !== 0) failedSteps.push(step.label);
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const verdict = steps.length === 0
        ? "no tests yet"
        : failedSteps.length
        ? `FAILED (${failedSteps.join(", ")})`
        : "ok";
      summary.push(
        `${suite.padEnd(9)} ${verdict.padEnd(10)} ${outcome.passed} passed, ${outcome.failed} failed` +
          (outcome.skipped ? `, ${outcome.skipped} skipped` : "") + ` (${seconds}s)`,
      );
      totalPassed += outcome.passed;
      totalFailed += outcome.failed;
    }
  } finally {
    await upstream.started?.close();
    if (startedStack) await down().catch(() => {});
  }

  console.log("\nsummary");
  for (const line of summary) console.log(`  ${line}`);
  console.log(`total: ${totalPassed} passed, ${totalFailed} failed`);
  return totalFailed === 0 ? 0 : 1;
}

if (import.meta.main) await runCommand(main);
