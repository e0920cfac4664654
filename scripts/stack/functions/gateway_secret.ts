// The function server answers the gateway only. On Supabase the edge runtime
// is reachable only behind the API gateway, which applies verify_jwt; locally
// the function server listens on its own port, so a request that skipped the
// gateway (an unsigned `alg: none` token, say) must not reach a handler.
//
// Each start of the function server draws a random secret and writes it to
// .stack/run/functions-<port>.secret (mode 0600, git-ignored); the gateway
// reads it and sends it in GATEWAY_SECRET_HEADER with every proxied request.
// The server refuses any request without it (401 `gateway_required`) and
// strips the header before the handler sees the request. The gateway reads
// the file for every request, so a function server restarted on its own is
// reached with its new secret at once.

import { join } from "node:path";
import { PATHS } from "../config.ts";
import { timingSafeEqual } from "node:crypto";

export const GATEWAY_SECRET_HEADER = "x-theset-gateway-secret";
/** the code of the function server's refusal of a request that skipped the gateway */
export const GATEWAY_REQUIRED = "gateway_required";

function secretFile(port: number): string {
  return join(PATHS.socket, `functions-${port}.secret`);
}

/** Draws this start's secret and writes it where the gateway reads it. */
export async function createGatewaySecret(port: number): Promise<string> {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const secret = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  await Deno.mkdir(PATHS.socket, { recursive: true });
  const file = secretFile(port);
  const temporary = `${file}.${crypto.randomUUID()}`;
  await Deno.writeTextFile(temporary, secret, { mode: 0o600 });
  await Deno.rename(temporary, file);
  return secret;
}

/** Removes this start's secret file on shutdown, unless a newer start has replaced it. */
export async function removeGatewaySecret(port: number, secret: string): Promise<void> {
  if (await readGatewaySecret(port) === secret) await Deno.remove(secretFile(port)).catch(() => {});
}

/** The running function server's secret, or null when it has not started. */
export async function readGatewaySecret(port: number): Promise<string | null> {
  try {
    return (await Deno.readTextFile(secretFile(port))).trim() || null;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

/** Constant-time comparison of the header a request carries with the expected secret. */
export function carriesGatewaySecret(request: Request, expected: string): boolean {
  const offered = new TextEncoder().encode(request.headers.get(GATEWAY_SECRET_HEADER) ?? "");
  const wanted = new TextEncoder().encode(expected);
  return offered.length === wanted.length && timingSafeEqual(offered, wanted);
}
