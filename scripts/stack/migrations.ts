// Migrations, seed and generated types go through the real Supabase CLI, the
// same commands a developer runs against a hosted project.

import { join } from "node:path";
import { DB_URL, PATHS, PROJECT_DIR } from "./config.ts";
import { lastLine, run, StackError } from "./proc.ts";

const SUPABASE = join(PATHS.bin, "supabase");

function supabase(args: string[]) {
  // the CLI would otherwise try to reach its telemetry and update endpoints
  return run(SUPABASE, [...args, "--workdir", PROJECT_DIR], {
    cwd: PROJECT_DIR,
    // loopback has no TLS; say so up front instead of letting the CLI warn
    env: { DO_NOT_TRACK: "1", SUPABASE_TELEMETRY_DISABLED: "1", NO_COLOR: "1", PGSSLMODE: "disable" },
  });
}

async function logTo(name: string, text: string): Promise<string> {
  const path = join(PATHS.logs, name);
  await Deno.mkdir(PATHS.logs, { recursive: true });
  await Deno.writeTextFile(path, text);
  return path;
}

/** What went wrong, in one line: the migration being applied and Postgres' error. */
function errorLine(output: string): string {
  const lines = output.split("\n").map((l) => l.trim()).filter(Boolean);
  const errorAt = lines.findIndex((l) => l.startsWith("ERROR:"));
  if (errorAt >= 0) {
    const applying = lines.slice(0, errorAt).reverse().find((l) => l.startsWith("Applying migration"));
    const file = applying?.replace(/^Applying migration /, "").replace(/\.\.\.$/, "");
    return file ? `${file}: ${lines[errorAt]}` : lines[errorAt];
  }
  return lines.find((l) => /error|failed/i.test(l)) ?? lastLine(output);
}

/** `supabase db push --remote=<db url> --include-seed`: pending migrations, then the seed. */
export async function pushMigrations(): Promise<string> {
  const res = await supabase(["db", "push", `--remote=${DB_URL}`, "--include-all", "--include-seed", "--yes"]);
  const output = res.stdout + res.stderr;
  const log = await logTo("db-push.log", output);
  if (res.code !== 0) {
    throw new StackError(`migrations failed: ${errorLine(output)} (full output: ${log})`);
  }
  return output;
}

/** `supabase gen types typescript --remote=<db url>` for the public schema. */
export async function generateTypes(): Promise<string> {
  const res = await supabase(["gen", "types", "typescript", `--remote=${DB_URL}`, "--schema", "public"]);
  if (res.code !== 0) {
    const log = await logTo("gen-types.log", res.stdout + res.stderr);
    throw new StackError(`type generation failed: ${errorLine(res.stderr || res.stdout)} (full output: ${log})`);
  }
  return res.stdout;
}
