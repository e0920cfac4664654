// npm run sync -- <job> [--limit N] [--dry-run] [--artist <uuid>]
//
// Runs a sync job now against the local stack (starting the stack if it is
// down), with a progress bar and a summary table at the end. <job> is one of
// sync-popular-tours (tours), sync-artist-songs (songs), sync-setlists
// (setlists), import-artist (import), or all (the four in that order).
// Exit code: 0 when every run is ok or partial, 1 when one failed, 2 on bad usage.

import { up } from "../stack/cli.ts";
import { runCommand } from "../stack/proc.ts";
import { runAndReport } from "./report.ts";
import { ALIASES, closeInProcess, JOBS, type JobSlug } from "./runner.ts";

const USAGE = `usage: npm run sync -- <job> [--limit N] [--dry-run] [--artist <uuid>]
jobs:
${Object.entries(JOBS).map(([slug, what]) => `  ${slug.padEnd(20)} ${what}`).join("\n")}
  all                  the four, in that order
short names: ${Object.entries(ALIASES).map(([a, s]) => `${a}=${s}`).join(", ")}`;

export interface SyncArgs {
  jobs: JobSlug[];
  body: Record<string, unknown>;
}

export function parseArgs(args: string[]): SyncArgs {
  const [job, ...rest] = args;
  if (!job || job === "--help" || job === "-h") throw new UsageError("");
  const jobs: JobSlug[] = job === "all"
    ? Object.keys(JOBS) as JobSlug[]
    : job in JOBS
    ? [job as JobSlug]
    : ALIASES[job]
    ? [ALIASES[job]]
    : (() => {
      throw new UsageError(`unknown job "${job}"`);
    })();
  const body: Record<string, unknown> = { trigger: "manual" };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    if (flag === "--dry-run") body.dry_run = true;
    else if (flag === "--limit") {
      const value = Number(rest[++i]);
      if (!Number.isInteger(value) || value < 1 || value > 1000) {
        throw new UsageError("--limit needs an integer from 1 to 1000");
      }
      body.limit = value;
    } else if (flag === "--artist") {
      const value = rest[++i];
      if (!value || !/^[0-9a-f-]{36}$/i.test(value)) throw new UsageError("--artist needs an artist's uuid");
      body.artist_id = value;
    } else throw new UsageError(`unknown option ${flag}`);
  }
  return { jobs, body };
}

export class UsageError extends Error {}

async function main(args: string[]): Promise<number> {
  let parsed: SyncArgs;
  try {
    parsed = parseArgs(args);
  } catch (error) {
    if (error instanceof UsageError) {
      if (error.message) console.error(`error: ${error.message}`);
      console.error(USAGE);
      return 2;
    }
    throw error;
  }
  await up({ quiet: true });
  let failed = false;
  try {
    for (const slug of parsed.jobs) {
      const result = await runAndReport(slug, parsed.body);
      const run = (result.body.run ?? result.body) as Record<string, unknown>;
      if (result.httpStatus >= 400 || run.status === "failed") failed = true;
      console.log("");
    }
  } finally {
    await closeInProcess();
  }
  return failed ? 1 : 0;
}

if (import.meta.main) await runCommand(main);
