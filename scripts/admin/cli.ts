// npm run admin -- grant <email> | revoke <email> | list  [--db-url <postgres url>]
//
// Makes a user an operator of the admin console, or no longer one, by setting
// auth.users.raw_app_meta_data.role, which GoTrue copies into app_metadata of
// every token it issues (the user signs in again to get one). Works against
// any database: the local stack by default, or --db-url / SUPABASE_DB_URL
// (a hosted project's connection string). The role is checked in SQL by every
// admin RPC (public.is_admin()).
// Exit code: 0 done, 1 no such user or the database refused, 2 bad usage.

import postgres from "postgres";
import { DB_URL } from "../stack/config.ts";

const USAGE = "usage: npm run admin -- grant <email> | revoke <email> | list [--db-url <postgres url>]";

export interface AdminArgs {
  command: "grant" | "revoke" | "list";
  email: string | null;
  dbUrl: string;
}

export class UsageError extends Error {}

export function parseArgs(args: string[], env: { get(name: string): string | undefined } = Deno.env): AdminArgs {
  const rest = [...args];
  let dbUrl = env.get("SUPABASE_DB_URL") || DB_URL;
  const at = rest.indexOf("--db-url");
  if (at >= 0) {
    const value = rest[at + 1];
    if (!value || !/^postgres(ql)?:\/\//.test(value)) throw new UsageError("--db-url needs a postgres:// URL");
    dbUrl = value;
    rest.splice(at, 2);
  }
  const [command, email, ...extra] = rest;
  if (command === "list" && email === undefined) return { command, email: null, dbUrl };
  if (command !== "grant" && command !== "revoke") throw new UsageError(command ? `unknown command "${command}"` : "");
  if (!email || !/^[^\s@]+@[^\s@]+$/.test(email)) throw new UsageError(`${command} needs a user's email`);
  if (extra.length) throw new UsageError(`unexpected ${extra.join(" ")}`);
  return { command, email, dbUrl };
}

/** Grants or revokes the admin role; returns the user's id, or null when no user has that email. */
export async function setAdmin(sql: postgres.Sql, email: string, admin: boolean): Promise<string | null> {
  const rows = admin
    ? await sql<{ id: string }[]>`
        update auth.users set raw_app_meta_data = coalesce(raw_app_meta_data, '{}'::jsonb) || '{"role": "admin"}'::jsonb,
          updated_at = now()
        where lower(email) = lower(${email}) returning id::text`
    : await sql<{ id: string }[]>`
        update auth.users set raw_app_meta_data = coalesce(raw_app_meta_data, '{}'::jsonb) - 'role', updated_at = now()
        where lower(email) = lower(${email}) returning id::text`;
  return rows[0]?.id ?? null;
}

export async function listAdmins(sql: postgres.Sql): Promise<string[]> {
  const rows = await sql<{ email: string }[]>`
    select coalesce(email, id::text) as email from auth.users
    where raw_app_meta_data ->> 'role' = 'admin' order by email`;
  return rows.map((r) => r.email);
}

async function main(args: string[]): Promise<number> {
  let parsed: AdminArgs;
  try {
    parsed = parseArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) console.error(`admin: ${error.message}`);
    console.error(USAGE);
    return 2;
  }
  const sql = postgres(parsed.dbUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    if (parsed.command === "list") {
      const admins = await listAdmins(sql);
      console.log(admins.length ? admins.join("\n") : "no admins");
      return 0;
    }
    const id = await setAdmin(sql, parsed.email!, parsed.command === "grant");
    if (!id) {
      console.error(`admin: no user has the email ${parsed.email}; they sign up first`);
      return 1;
    }
    console.log(
      parsed.command === "grant"
        ? `${parsed.email} (${id}) is an admin; they sign in again to get a token that says so`
        : `${parsed.email} (${id}) is no longer an admin; tokens already issued keep the claim until they expire`,
    );
    return 0;
  } catch (error) {
    console.error(`admin: ${(error as Error).message}`);
    return 1;
  } finally {
    await sql.end({ timeout: 2 });
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
