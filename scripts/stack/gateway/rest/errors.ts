// PostgREST's error body {code, details, hint, message} and the HTTP status it
// gives each error: its own PGRSTxxx codes and the SQLSTATE mapping of
// PostgREST's Error.hs (mapSQLtoHTTP), so clients see what they would see
// against a hosted project.

export interface PgrstErrorBody {
  code: string;
  details: string | unknown[] | null;
  hint: string | null;
  message: string;
}

export class PgrstError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: string | unknown[] | null = null,
    readonly hint: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "PgrstError";
  }

  body(): PgrstErrorBody {
    return { code: this.code, details: this.details, hint: this.hint, message: this.message };
  }
}

/** PGRST100: the query string does not parse. */
export function queryParamError(message: string, details: string): PgrstError {
  return new PgrstError(400, "PGRST100", message, details);
}

/** PGRST102: the body is not the JSON the request needs. */
export function invalidBody(message: string): PgrstError {
  return new PgrstError(400, "PGRST102", message);
}

/** PGRST127: a PostgREST feature the local platform does not reproduce. */
export function notImplemented(details: string): PgrstError {
  return new PgrstError(400, "PGRST127", "Feature not implemented", details);
}

/** HTTP status PostgREST answers for a SQLSTATE raised by the query. */
export function statusForSqlState(code: string, message: string, authenticated: boolean): number {
  if (code.startsWith("08")) return 503;
  if (code.startsWith("09")) return 500;
  if (code.startsWith("0L") || code.startsWith("0P")) return 403;
  switch (code) {
    case "23503":
    case "23505":
      return 409;
    case "25006":
      return 405;
    case "21000":
      return message.endsWith("requires a WHERE clause") ? 400 : 500;
    case "22023":
      return message.startsWith("role") && message.endsWith("does not exist") ? 401 : 400;
    case "53400":
      return 500;
    case "57P01":
      return 503;
    case "P0001":
      return 400;
    case "42883":
      return 404;
    case "42P01":
      return 404;
    case "42P17":
      return 500;
    case "42501":
      return authenticated ? 403 : 401;
  }
  const two = code.slice(0, 2);
  if (["25", "2D", "38", "39", "3B", "40", "54", "55", "57", "58", "F0", "HV", "P0", "XX"].includes(two)) return 500;
  if (two === "28") return 403;
  if (two === "53") return 503;
  if (two === "PT") {
    const status = Number(code.slice(2));
    return Number.isInteger(status) && status >= 100 && status <= 599 ? status : 500;
  }
  return 400;
}

/** The shape of a postgres.js PostgresError that matters here. */
export interface DatabaseError {
  code: string;
  message: string;
  detail?: string;
  hint?: string;
}

export function isDatabaseError(error: unknown): error is DatabaseError {
  return typeof error === "object" && error !== null && (error as { name?: string }).name === "PostgresError" &&
    typeof (error as { code?: unknown }).code === "string";
}

/**
 * RAISE SQLSTATE 'PGRST': the message is the error body as JSON and the
 * detail {status, status_text?, headers}, so a function chooses its answer.
 */
function raisedPgrst(error: DatabaseError): PgrstError {
  let body: { code?: unknown; message?: unknown; details?: unknown; hint?: unknown };
  try {
    body = JSON.parse(error.message);
    if (typeof body.code !== "string" || typeof body.message !== "string") throw new Error("code and message");
  } catch {
    return new PgrstError(
      500,
      "PGRST121",
      `Could not parse JSON in the "RAISE SQLSTATE 'PGRST'" error`,
      `Invalid JSON value for MESSAGE: '${error.message}'`,
      "MESSAGE must be a JSON object with obligatory keys: 'code', 'message' and optional keys: 'details', 'hint'.",
    );
  }
  let control: { status?: unknown; headers?: unknown };
  try {
    control = JSON.parse(error.detail ?? "");
    if (typeof control.status !== "number" || typeof control.headers !== "object" || control.headers === null) {
      throw new Error("status and headers");
    }
  } catch {
    return new PgrstError(
      500,
      "PGRST121",
      `Could not parse JSON in the "RAISE SQLSTATE 'PGRST'" error`,
      error.detail ? `Invalid JSON value for DETAIL: '${error.detail}'` : "DETAIL is missing in the RAISE statement",
      "DETAIL must be a JSON object with obligatory keys: 'status', 'headers' and optional key: 'status_text'.",
    );
  }
  const text = (value: unknown) => (value === undefined || value === null ? null : String(value));
  return new PgrstError(
    control.status as number,
    body.code as string,
    body.message as string,
    text(body.details),
    text(body.hint),
    Object.fromEntries(Object.entries(control.headers as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
  );
}

export function fromDatabaseError(error: DatabaseError, authenticated: boolean): PgrstError {
  if (error.code === "PGRST") return raisedPgrst(error);
  const status = statusForSqlState(error.code, error.message, authenticated);
  // an anonymous caller refused by a privilege check is asked to authenticate
  const headers: Record<string, string> = status === 401 ? { "WWW-Authenticate": "Bearer" } : {};
  return new PgrstError(status, error.code, error.message, error.detail ?? null, error.hint ?? null, headers);
}

export function errorResponse(error: PgrstError): Response {
  const body = JSON.stringify(error.body());
  return new Response(body, {
    status: error.status,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Proxy-Status": `PostgREST; error=${error.code}`,
      ...error.headers,
    },
  });
}

/**
 * Closest candidate by character-trigram similarity, or null below the
 * threshold; PostgREST suggests names with a fuzzy set the same way.
 */
export function closestName(wanted: string, candidates: Iterable<string>, threshold = 0.5): string | null {
  const grams = (text: string) => {
    const padded = `  ${text.toLowerCase()} `;
    const set = new Map<string, number>();
    for (let i = 0; i + 3 <= padded.length; i++) {
      const gram = padded.slice(i, i + 3);
      set.set(gram, (set.get(gram) ?? 0) + 1);
    }
    return set;
  };
  const target = grams(wanted);
  const norm = (m: Map<string, number>) => Math.sqrt([...m.values()].reduce((a, v) => a + v * v, 0));
  const targetNorm = norm(target);
  let best: string | null = null;
  let bestScore = threshold;
  for (const candidate of candidates) {
    if (candidate === wanted) continue;
    const other = grams(candidate);
    let dot = 0;
    for (const [gram, count] of target) dot += count * (other.get(gram) ?? 0);
    const score = dot / (targetNorm * norm(other) || 1);
    if (score >= bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** Edit distance, for "Perhaps you meant ..." on column names as Postgres gives it. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The candidate a few edits away (at most a third of the name), or null. */
export function closestByEdits(wanted: string, candidates: Iterable<string>): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(1, Math.floor(wanted.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(wanted.toLowerCase(), candidate.toLowerCase());
    if (distance > 0 && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
