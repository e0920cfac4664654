// JSON responses and errors in one shape for every function:
// {"code": "<machine code>", "message": "<for a human>", "details"?: ...}.

import { corsHeaders } from "./cors.ts";

/** An error that already knows its HTTP status and machine-readable code. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export function jsonResponse(status: number, body: unknown, headers: HeadersInit = {}): Response {
  const merged = new Headers(corsHeaders);
  merged.set("Content-Type", "application/json");
  for (const [k, v] of new Headers(headers)) merged.set(k, v);
  return new Response(JSON.stringify(body), { status, headers: merged });
}

export function errorResponse(error: HttpError): Response {
  const body: Record<string, unknown> = { code: error.code, message: error.message };
  if (error.details !== undefined) body.details = error.details;
  return jsonResponse(error.status, body);
}

/**
 * The most bytes any function reads from a request body: 64 KiB. The largest
 * body a function accepts (a sync's 100 ids, or the tour sync's 50 markets) is
 * under 12 KiB, so this leaves room while keeping a hostile body from being
 * buffered or parsed (a 20 MB body was read whole before).
 */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

function payloadTooLarge(limit: number): HttpError {
  return new HttpError(413, "payload_too_large", `the request body must be at most ${limit} bytes`, { limit });
}

/**
 * The body as text, at most `limit` bytes: refused (413 payload_too_large)
 * when Content-Length says more, or as soon as the bytes streamed so far pass
 * the limit, so a body without a Content-Length is never buffered whole.
 */
export async function readLimitedText(request: Request, limit = MAX_JSON_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) {
    await request.body?.cancel().catch(() => {});
    throw payloadTooLarge(limit);
  }
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw payloadTooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/**
 * Reads a JSON object body, the one way every function reads its body: at
 * most MAX_JSON_BODY_BYTES (else 413 payload_too_large, before any parsing);
 * an empty body is {}; anything else is a 400 naming the problem.
 */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const text = await readLimitedText(request);
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_json", "the request body is not valid JSON");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new HttpError(400, "invalid_body", "the request body must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}
