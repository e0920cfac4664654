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

/** Reads a JSON object body; an empty body is {}; anything else is a 400 naming the problem. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
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
