// Realtime's token check: which JWTs and API keys a socket or a channel join may use, and the
// "Code: message" answer Supabase Realtime gives for the ones it refuses.

import { fromBase64url, type JwtClaims, JwtError, verifyJwt } from "../../jwt.ts";
import { apiKeyClaims } from "../../keys.ts";

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function decodePayloadPart(token: string): JwtClaims | null {
  try {
    const claims = JSON.parse(new TextDecoder().decode(fromBase64url(token.split(".")[1] ?? "")));
    return isRecord(claims) ? claims as JwtClaims : null;
  } catch {
    return null;
  }
}

/** Supabase Realtime's answer to a token it will not accept, as "Code: message". */
export async function checkToken(
  token: unknown,
  secret: string,
): Promise<{ ok: true; claims: JwtClaims } | { ok: false; reason: string }> {
  if (typeof token !== "string" || token === "") {
    return { ok: false, reason: "MalformedJWT: The token provided is not a valid JWT" };
  }
  const cleaned = token.replace(/\s/g, "");
  // a publishable or secret key joins as its role (anon, service_role), as on hosted Realtime
  const keyClaims = apiKeyClaims(cleaned);
  if (keyClaims) return { ok: true, claims: keyClaims };
  try {
    const claims = await verifyJwt(cleaned, secret);
    if (typeof claims.role !== "string" || typeof claims.exp !== "number") {
      return { ok: false, reason: "InvalidJWTToken: Fields `role` and `exp` are required in JWT" };
    }
    return { ok: true, claims };
  } catch (error) {
    if (!(error instanceof JwtError)) throw error;
    switch (error.reason) {
      case "expired": {
        const exp = Number(decodePayloadPart(cleaned)?.exp);
        const ago = Math.max(0, Math.floor(Date.now() / 1000) - exp);
        return { ok: false, reason: `InvalidJWTToken: Token has expired ${ago} seconds ago` };
      }
      case "signature":
        return { ok: false, reason: "JwtSignatureError: Failed to validate JWT signature" };
      case "algorithm":
        return {
          ok: false,
          reason: "JwtSignerError: Failed to generate JWT signer, check your JWT secret or JWKS configuration",
        };
      default:
        return { ok: false, reason: "MalformedJWT: The token provided is not a valid JWT" };
    }
  }
}

/**
 * The token in a "base64url.bearer.phx.<token>" websocket protocol, or null when it does not decode.
 * Despite the name, phoenix sends btoa() output (+ and /) with the padding stripped; other clients send
 * real base64url: both are mapped onto base64url.
 */
export function tokenFromBearerProtocol(bearerProtocol: string): string | null {
  try {
    const encoded = bearerProtocol.slice("base64url.bearer.phx.".length)
      .replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
    return new TextDecoder().decode(fromBase64url(encoded));
  } catch {
    return null;
  }
}
