// JSON Web Tokens as a Supabase project created today has them: GoTrue signs
// sessions ES256 with the stack's asymmetric signing key (keys.ts, `kid` in
// the header, verified through jose against the stack's JWKS), and the legacy
// HS256 tokens (the anon and service-role keys, tokens signed with the project
// secret) are still verified with WebCrypto HMAC. PostgREST, Realtime, GoTrue
// and the functions router all verify through verifyJwt.

import { compactVerify, createLocalJWKSet, errors as joseErrors, SignJWT } from "jose";
import { jwks, signingKeys } from "./keys.ts";

export type JwtClaims = Record<string, unknown> & {
  sub?: string;
  role?: string;
  exp?: number;
  iat?: number;
};

export class JwtError extends Error {
  constructor(readonly reason: "malformed" | "signature" | "expired" | "algorithm", message: string) {
    super(message);
    this.name = "JwtError";
  }
}

const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    keyCache.set(secret, key);
  }
  return key;
}

export function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function fromBase64url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new JwtError("malformed", "invalid base64url");
  const padded = text.replaceAll("-", "+").replaceAll("_", "/") + "===".slice((text.length + 3) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export async function signJwt(claims: JwtClaims, secret: string): Promise<string> {
  const header = base64url(encoder.encode(JSON.stringify({ alg: "HS256", typ: "JWT" })));
  const payload = base64url(encoder.encode(JSON.stringify(claims)));
  const signature = await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(`${header}.${payload}`));
  return `${header}.${payload}.${base64url(new Uint8Array(signature))}`;
}

/** A session token as GoTrue on today's Supabase signs it: ES256 with the stack's current key, `kid` in the header. */
export async function signSessionJwt(claims: JwtClaims): Promise<string> {
  const [current] = await signingKeys();
  return await new SignJWT(claims)
    .setProtectedHeader({ alg: "ES256", typ: "JWT", kid: current.kid })
    .sign(current.privateKey);
}

let localJwks: Promise<ReturnType<typeof createLocalJWKSet>> | null = null;

/** Checks an ES256 signature against the stack's JWKS (the key named by `kid`). */
async function verifyEs256(token: string): Promise<void> {
  localJwks ??= jwks().then((set) => createLocalJWKSet(set));
  try {
    await compactVerify(token, await localJwks, { algorithms: ["ES256"] });
  } catch (error) {
    if (error instanceof joseErrors.JWKSNoMatchingKey) throw new JwtError("signature", "no signing key has this kid");
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
      throw new JwtError("signature", "signature does not match");
    }
    if (error instanceof joseErrors.JOSEError) throw new JwtError("malformed", error.message);
    throw error;
  }
}

/**
 * Verifies signature, algorithm and expiry; returns the claims. HS256 tokens
 * are checked with `secret`, ES256 ones with the stack's signing keys.
 * `nowSeconds` is injectable so tests can prove expiry without waiting.
 */
export async function verifyJwt(
  token: string,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<JwtClaims> {
  const parts = token.split(".");
  if (parts.length !== 3) throw new JwtError("malformed", "token is not three dot-separated parts");
  let header: { alg?: string };
  let claims: JwtClaims;
  try {
    header = JSON.parse(new TextDecoder().decode(fromBase64url(parts[0])));
    claims = JSON.parse(new TextDecoder().decode(fromBase64url(parts[1])));
  } catch {
    throw new JwtError("malformed", "token header or payload is not base64url JSON");
  }
  if (header?.alg !== "HS256" && header?.alg !== "ES256") {
    throw new JwtError("algorithm", `unsupported algorithm ${header?.alg}`);
  }
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) {
    throw new JwtError("malformed", "token payload is not an object");
  }
  if (header.alg === "ES256") {
    await verifyEs256(token);
    if (typeof claims.exp === "number" && claims.exp <= nowSeconds) throw new JwtError("expired", "token has expired");
    return claims;
  }
  const ok = await crypto.subtle.verify(
    "HMAC",
    await hmacKey(secret),
    fromBase64url(parts[2]) as Uint8Array<ArrayBuffer>,
    encoder.encode(`${parts[0]}.${parts[1]}`),
  );
  if (!ok) throw new JwtError("signature", "signature does not match");
  if (typeof claims.exp === "number" && claims.exp <= nowSeconds) throw new JwtError("expired", "token has expired");
  return claims;
}
