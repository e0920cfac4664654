// Where edge functions live and what supabase/config.toml says about them,
// shared by the function server (which runs them) and the gateway (which
// applies verify_jwt in front of them).
//
// Convention: supabase/functions/<slug>/index.ts calls Deno.serve(handler);
// folders starting with "_" (shared code) and "tests" are never functions.
// THESET_FUNCTIONS_DIR points both at another folder (tests); its config.toml
// is the one beside it, as supabase/config.toml sits beside supabase/functions.

import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "smol-toml";
import { PATHS } from "../config.ts";

export interface FunctionConfig {
  verifyJwt: boolean;
  /** absolute path of the entrypoint */
  entrypoint: string;
  importMap: string | null;
}

export const SLUG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export function functionsDir(): string {
  return resolve(Deno.env.get("THESET_FUNCTIONS_DIR") ?? join(PATHS.supabase, "functions"));
}

export function configTomlPath(): string {
  return join(dirname(functionsDir()), "config.toml");
}

/** A folder name that may be a function (it still needs an entrypoint on disk). */
export function isFunctionSlug(slug: string): boolean {
  return SLUG_PATTERN.test(slug) && slug !== "tests";
}

let cached: { mtime: number; sections: Record<string, Record<string, unknown>> } | null = null;

async function functionSections(): Promise<Record<string, Record<string, unknown>>> {
  const path = configTomlPath();
  let mtime = -1;
  try {
    mtime = (await Deno.stat(path)).mtime?.getTime() ?? 0;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  if (cached && cached.mtime === mtime) return cached.sections;
  let sections: Record<string, Record<string, unknown>> = {};
  if (mtime >= 0) {
    const parsed = parse(await Deno.readTextFile(path)) as Record<string, unknown>;
    const functions = parsed.functions;
    if (typeof functions === "object" && functions !== null) {
      sections = functions as Record<string, Record<string, unknown>>;
    }
  }
  cached = { mtime, sections };
  return sections;
}

/** [functions.<slug>] from config.toml with Supabase's defaults (verify_jwt = true). */
export async function functionConfig(slug: string): Promise<FunctionConfig> {
  const section = (await functionSections())[slug] ?? {};
  const supabaseDir = dirname(functionsDir());
  const entrypoint = typeof section.entrypoint === "string"
    ? resolve(supabaseDir, section.entrypoint)
    : join(functionsDir(), slug, "index.ts");
  return {
    verifyJwt: section.verify_jwt !== false,
    entrypoint,
    importMap: typeof section.import_map === "string" ? resolve(supabaseDir, section.import_map) : null,
  };
}

export function entrypointUrl(path: string): string {
  return pathToFileURL(path).href;
}
