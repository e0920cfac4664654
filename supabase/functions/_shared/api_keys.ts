// The project's API keys as the function's environment holds them, and the
// constant-time comparison that checks a caller's key against them.
//
// A project created today injects SUPABASE_PUBLISHABLE_KEYS and
// SUPABASE_SECRET_KEYS: JSON objects of named keys ({"default":"sb_..."}), as
// many as the project has made. A project with legacy keys injects
// SUPABASE_ANON_KEY and SUPABASE_SERVICE_ROLE_KEY (HS256 JWTs); both sets are
// accepted while both exist. SUPABASE_PUBLISHABLE_KEY / SUPABASE_SECRET_KEY
// (single values) are read too, for hosts that inject one key per name.

import { env } from "./env.ts";

const encoder = new TextEncoder();

/** Constant-time equality of two strings (time depends only on the length of `expected`). */
export function timingSafeEqual(given: string, expected: string): boolean {
  const a = encoder.encode(given);
  const b = encoder.encode(expected);
  let difference = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) difference |= (a[i % Math.max(a.length, 1)] ?? 0) ^ b[i];
  return difference === 0 && a.length > 0;
}

/** The string values of a JSON object in the environment; a value that is not such an object counts as none. */
function namedKeys(name: string): string[] {
  const raw = env(name);
  if (raw === undefined) return [];
  try {
    const parsed = JSON.parse(raw);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return [];
    return Object.values(parsed).filter((value): value is string => typeof value === "string" && value !== "");
  } catch {
    return [];
  }
}

function singleKeys(...names: string[]): string[] {
  return names.map((name) => env(name)).filter((value): value is string => value !== undefined);
}

/** Keys that stand for the service_role: the secret keys and the legacy service-role JWT. */
export function secretKeys(): string[] {
  return [...namedKeys("SUPABASE_SECRET_KEYS"), ...singleKeys("SUPABASE_SECRET_KEY", "SUPABASE_SERVICE_ROLE_KEY")];
}

/** Keys that anyone may hold (they ship in the SPA): the publishable keys and the legacy anon JWT. */
export function publishableKeys(): string[] {
  return [
    ...namedKeys("SUPABASE_PUBLISHABLE_KEYS"),
    ...singleKeys("SUPABASE_PUBLISHABLE_KEY", "SUPABASE_ANON_KEY"),
  ];
}

/** Whether `given` is one of `keys`; every key is compared, so timing says nothing about which one matched. */
export function isOneOf(given: string | null | undefined, keys: string[]): boolean {
  if (given === null || given === undefined || given === "") return false;
  let match = false;
  for (const key of keys) match = timingSafeEqual(given, key) || match;
  return match;
}
