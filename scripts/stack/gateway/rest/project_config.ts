// The few supabase/config.toml settings the gateway honours ([api] max_rows,
// [auth] sign-up and token settings, [auth.email] confirmations), read with a
// small reader for the flat key = value subset of TOML that file uses.

import type { RateLimits } from "../auth/rate_limit.ts";
import { join } from "node:path";
import { PATHS } from "../../config.ts";

export type TomlValue = string | number | boolean | TomlValue[];
export type TomlTables = Map<string, Map<string, TomlValue>>;

function parseScalar(raw: string, where: string): TomlValue {
  const text = raw.trim();
  if (text.startsWith('"')) return JSON.parse(text);
  if (text.startsWith("'")) return text.slice(1, text.lastIndexOf("'"));
  if (text === "true" || text === "false") return text === "true";
  if (text.startsWith("[")) {
    const inner = text.slice(1, text.lastIndexOf("]")).trim();
    if (inner === "") return [];
    const items: string[] = [];
    let current = "";
    let quote: string | null = null;
    for (const ch of inner) {
      if (quote) {
        current += ch;
        if (ch === quote) quote = null;
      } else if (ch === '"' || ch === "'") {
        quote = ch;
        current += ch;
      } else if (ch === ",") {
        items.push(current);
        current = "";
      } else current += ch;
    }
    if (current.trim() !== "") items.push(current);
    return items.map((item) => parseScalar(item, where));
  }
  const number = Number(text.replaceAll("_", ""));
  if (text !== "" && Number.isFinite(number)) return number;
  throw new Error(`config.toml: cannot read the value of ${where}: ${raw}`);
}

/** Strips a trailing # comment that is outside quotes. */
function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === "\\" && quote === '"') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "#") return line.slice(0, i);
  }
  return line;
}

export function parseToml(text: string): TomlTables {
  const tables: TomlTables = new Map([["", new Map()]]);
  let current = tables.get("")!;
  for (const rawLine of text.split("\n")) {
    const line = stripComment(rawLine).trim();
    if (line === "") continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      const name = header[1].trim();
      current = tables.get(name) ?? new Map();
      tables.set(name, current);
      continue;
    }
    const eq = line.indexOf("=");
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim().replace(/^"(.*)"$/, "$1");
    current.set(key, parseScalar(line.slice(eq + 1), key));
  }
  return tables;
}

export interface ProjectConfig {
  maxRows: number | null;
  auth: {
    enableSignup: boolean;
    enableAnonymousSignIns: boolean;
    minimumPasswordLength: number;
    jwtExpiry: number;
    enableRefreshTokenRotation: boolean;
    refreshTokenReuseInterval: number;
    /** [auth.email] enable_confirmations = false: sign-ups are confirmed at once */
    emailAutoconfirm: boolean;
    emailEnabled: boolean;
    /** [auth.rate_limit], per client address (GoTrue's defaults where a key is missing) */
    rateLimit: RateLimits;
  };
}

function read<T extends TomlValue>(tables: TomlTables, table: string, key: string, fallback: T): T {
  const value = tables.get(table)?.get(key);
  return (value === undefined ? fallback : value) as T;
}

export function projectConfigFrom(text: string): ProjectConfig {
  const tables = parseToml(text);
  const maxRows = read<number>(tables, "api", "max_rows", 0);
  return {
    maxRows: maxRows > 0 ? maxRows : null,
    auth: {
      enableSignup: read(tables, "auth", "enable_signup", true),
      enableAnonymousSignIns: read(tables, "auth", "enable_anonymous_sign_ins", false),
      minimumPasswordLength: read(tables, "auth", "minimum_password_length", 6),
      jwtExpiry: read(tables, "auth", "jwt_expiry", 3600),
      enableRefreshTokenRotation: read(tables, "auth", "enable_refresh_token_rotation", true),
      refreshTokenReuseInterval: read(tables, "auth", "refresh_token_reuse_interval", 10),
      emailAutoconfirm: !read(tables, "auth.email", "enable_confirmations", false),
      emailEnabled: read(tables, "auth.email", "enabled", true),
      rateLimit: {
        anonymous_users: read(tables, "auth.rate_limit", "anonymous_users", 30),
        sign_in_sign_ups: read(tables, "auth.rate_limit", "sign_in_sign_ups", 30),
        token_refresh: read(tables, "auth.rate_limit", "token_refresh", 150),
        token_verifications: read(tables, "auth.rate_limit", "token_verifications", 30),
      },
    },
  };
}

let cached: ProjectConfig | null = null;

/** supabase/config.toml of the project, read once per gateway process. */
export function projectConfig(): ProjectConfig {
  if (!cached) cached = projectConfigFrom(Deno.readTextFileSync(join(PATHS.supabase, "config.toml")));
  return cached;
}
