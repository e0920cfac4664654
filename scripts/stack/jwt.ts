// HS256 JSON Web Tokens with WebCrypto: what GoTrue signs and what PostgREST,
// Realtime and the functions router verify, all with the one project secret.

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

/**
 * Verifies signature, algorithm and expiry; returns the claims.
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
  if (header?.alg !== "HS256") throw new JwtError("algorithm", `unsupported algorithm ${header?.alg}`);
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) {
    throw new JwtError("malformed", "token payload is not an object");
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
