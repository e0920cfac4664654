// The JSON body every sync function accepts, validated strictly: a typo in a
// field name is a 400 naming it, not a silently ignored option.
//
//   { "limit"?: 1..1000, "dry_run"?: boolean, "artist_id"?: uuid, "artist_ids"?: [uuid, ...] (1..100),
//     "trigger"?: "cron" | "manual" | "import" | "test", ...job fields }

import { HttpError } from "../json.ts";
import type { Trigger } from "./run.ts";

export interface CommonBody {
  limit: number;
  dryRun: boolean;
  artistId?: string;
  /** several artists at once (an operator's "sync these now"); exclusive with artistId */
  artistIds?: string[];
  trigger?: Trigger;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TRIGGERS: Trigger[] = ["cron", "manual", "import", "test"];

export function invalid(message: string, field?: string): HttpError {
  return new HttpError(400, "invalid_body", message, field ? { field } : undefined);
}

export function integerField(
  body: Record<string, unknown>,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${name} must be an integer from ${min} to ${max}`, name);
  }
  return value;
}

export function parseCommonBody(
  body: Record<string, unknown>,
  options: { defaultLimit: number; maxLimit?: number; jobFields: string[] },
): CommonBody {
  const allowed = new Set(["limit", "dry_run", "artist_id", "artist_ids", "trigger", ...options.jobFields]);
  const unknown = Object.keys(body).filter((k) => !allowed.has(k));
  if (unknown.length > 0) {
    throw invalid(
      `unknown field ${unknown.map((k) => `"${k}"`).join(", ")}; allowed: ${[...allowed].join(", ")}`,
      unknown[0],
    );
  }
  const limit = integerField(body, "limit", 1, options.maxLimit ?? 1000) ?? options.defaultLimit;
  if (body.dry_run !== undefined && typeof body.dry_run !== "boolean") {
    throw invalid("dry_run must be true or false", "dry_run");
  }
  if (body.artist_id !== undefined && (typeof body.artist_id !== "string" || !UUID_RE.test(body.artist_id))) {
    throw invalid("artist_id must be a uuid", "artist_id");
  }
  const ids = body.artist_ids;
  if (ids !== undefined) {
    if (
      !Array.isArray(ids) || ids.length === 0 || ids.length > 100 ||
      ids.some((id) => typeof id !== "string" || !UUID_RE.test(id))
    ) {
      throw invalid("artist_ids must be a list of 1 to 100 uuids", "artist_ids");
    }
    if (body.artist_id !== undefined) throw invalid("give artist_id or artist_ids, not both", "artist_ids");
  }
  if (body.trigger !== undefined && !TRIGGERS.includes(body.trigger as Trigger)) {
    throw invalid(`trigger must be one of ${TRIGGERS.join(", ")}`, "trigger");
  }
  return {
    limit,
    dryRun: body.dry_run === true,
    artistId: body.artist_id as string | undefined,
    artistIds: ids as string[] | undefined,
    trigger: body.trigger as Trigger | undefined,
  };
}

/** The artists a run is limited to (artist_id or artist_ids), or undefined for the job's own choice. */
export function artistScope(common: CommonBody): string[] | undefined {
  return common.artistIds ?? (common.artistId ? [common.artistId] : undefined);
}

/** For jobs that work on one artist at most: artist_ids is a 400. */
export function rejectArtistIds(common: CommonBody): void {
  if (common.artistIds) throw invalid("this job takes artist_id, not artist_ids", "artist_ids");
}
