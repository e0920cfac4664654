// npm run doctor [-- --db-url <postgres url>] [--api-url <url>] [--env-file <path>]
//
// Checks a TheSet installation the way an operator would by hand: .env's keys,
// each provider (one cheap call, or the demo upstream), the API, Vault's
// project_url and cron_secret, the pg_cron jobs and their last runs, the
// pg_net queue, and how recently each sync ran. One line per check, with the
// fix under each failure. Defaults: the local stack; SUPABASE_DB_URL and
// SUPABASE_URL (or the flags) point it at any other database and API.
// Exit code: 0 all passed, 1 a check failed, 2 bad usage.

import postgres from "postgres";
import { API_URL, DB_URL, HOST, PORTS, ROOT } from "../stack/config.ts";
import { parseDotenv } from "../stack/dotenv.ts";
import { checkApi, checkEnv, checkProviders, type CheckResult } from "./checks.ts";
import { checkCron, checkNetQueue, checkSyncRecency, checkVault } from "./database_checks.ts";

export interface DoctorArgs {
  dbUrl: string;
  apiUrl: string;
  envFile: string;
}

export function parseArgs(args: string[], env: { get(name: string): string | undefined } = Deno.env): DoctorArgs {
  const parsed: DoctorArgs = {
    dbUrl: env.get("SUPABASE_DB_URL") || DB_URL,
    apiUrl: env.get("SUPABASE_URL") || API_URL,
    envFile: `${ROOT}/.env`,
  };
  for (let i = 0; i < args.length; i++) {
    const [flag, value] = [args[i], args[++i]];
    if (!value) throw new Error(`${flag ?? "a flag"} needs a value`);
    if (flag === "--db-url" && /^postgres(ql)?:\/\//.test(value)) parsed.dbUrl = value;
    else if (flag === "--api-url" && /^https?:\/\//.test(value)) parsed.apiUrl = value;
    else if (flag === "--env-file") parsed.envFile = value;
    else throw new Error(`unknown option or bad value: ${flag} ${value}`);
  }
  return parsed;
}

export function formatLine(result: CheckResult): string {
  const head = `${result.ok ? "ok  " : "FAIL"} ${result.name.padEnd(24)} ${result.detail}`;
  return result.ok || !result.fix ? head : `${head}\n     fix: ${result.fix}`;
}

/** Runs every check; a check that throws is a failed line of its own, never a crash. */
export async function runDoctor(args: DoctorArgs): Promise<CheckResult[]> {
  let env: Record<string, string>;
  try {
    env = parseDotenv(await Deno.readTextFile(args.envFile));
  } catch (error) {
    return [{ name: "env file", ok: false, detail: (error as Error).message, fix: "npm run setup writes .env" }];
  }
  const results: CheckResult[] = [...checkEnv(env)];
  const sql = postgres(args.dbUrl, { max: 1, onnotice: () => {}, connect_timeout: 5, idle_timeout: 1 });
  const ctx = { env, sql, apiUrl: args.apiUrl, upstreamUrl: `http://${HOST}:${PORTS.upstream}` };
  const guarded = async (name: string, fix: string, run: () => Promise<CheckResult | CheckResult[]>) => {
    try {
      const found = await run();
      results.push(...(Array.isArray(found) ? found : [found]));
    } catch (error) {
      results.push({ name, ok: false, detail: (error as Error).message.split("\n")[0], fix });
    }
  };
  try {
    await guarded("providers", "check the network", () => checkProviders(ctx));
    await guarded("api", "start the stack or pass --api-url", () => checkApi(ctx));
    const dbFix = "start the stack (npm run stack:up) or pass --db-url / SUPABASE_DB_URL";
    await guarded("database", dbFix, async () => {
      await sql`select 1`;
      return { name: "database", ok: true, detail: "reachable" };
    });
    if (results.at(-1)?.ok) {
      await guarded("vault", dbFix, () => checkVault(sql, env.CRON_SECRET ?? ""));
      await guarded("cron", dbFix, () => checkCron(sql));
      await guarded("pg_net queue", dbFix, () => checkNetQueue(sql));
      await guarded("syncs", dbFix, () => checkSyncRecency(sql));
    }
  } finally {
    await sql.end({ timeout: 2 });
  }
  return results;
}

async function main(argv: string[]): Promise<number> {
  let args: DoctorArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    console.error(`doctor: ${(error as Error).message}`);
    console.error("usage: npm run doctor -- [--db-url <postgres url>] [--api-url <url>] [--env-file <path>]");
    return 2;
  }
  const results = await runDoctor(args);
  for (const result of results) console.log(formatLine(result));
  const failed = results.filter((r) => !r.ok).length;
  console.log(failed ? `${failed} of ${results.length} checks failed` : `all ${results.length} checks passed`);
  return failed ? 1 : 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
