// One JSON object per line on stdout/stderr: what Supabase's function logs
// index, and what the local function server writes to its log file.
// LOG_LEVEL (debug | info | warn | error, default info) quiets it, e.g. in tests.

export type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

function threshold(): number {
  const configured = (Deno.env.get("LOG_LEVEL") ?? "info").toLowerCase() as Level;
  return ORDER[configured] ?? ORDER.info;
}

export function log(level: Level, event: string, fields: Record<string, unknown> = {}): void {
  if (ORDER[level] < threshold()) return;
  const line = JSON.stringify({ level, event, at: new Date().toISOString(), ...fields });
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}
