// The sync-write benchmark's baseline (sync.ts): COPY of exactly the rows the writer inserted, in
// COPY's text format, into scratch tables of the real tables' shape.

import type { Writable } from "node:stream";
import type { TmEvent } from "../../supabase/functions/_shared/providers/ticketmaster_types.ts";
import type { Sql } from "../../supabase/functions/_shared/db.ts";
import { mapEvents } from "../../supabase/functions/_shared/mappers/ticketmaster.ts";

/** A value in COPY's text format. */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  if (Array.isArray(value)) {
    return copyValue(
      `{${value.map((v) => `"${String(v).replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(",")}}`,
    );
  }
  return String(value).replaceAll("\\", "\\\\").replaceAll("\t", "\\t").replaceAll("\n", "\\n").replaceAll("\r", "\\r");
}

/**
 * COPY ... FROM STDIN of `text` inside the transaction `tx`. postgres.js
 * (3.4) resolves a COPY's query with its stream, and a server error after
 * that (a bad value, a violated check) goes to the query's reject, whose
 * promise is already settled: the stream then neither finishes nor errors,
 * and waiting for the stream alone hangs. So the query's reject is watched
 * too, and whichever comes first, the stream's finish or the server's error,
 * settles the wait.
 */
export async function copyIn(tx: Sql, statement: string, text: string): Promise<void> {
  const query = tx.unsafe(statement) as unknown as { reject?: (e: unknown) => void; writable(): Promise<Writable> };
  const reject = query.reject;
  if (typeof reject !== "function") throw new Error("cannot watch the COPY for errors: postgres.js changed");
  let copyFailed: (error: unknown) => void = () => {};
  const failed = new Promise<never>((_, fail) => copyFailed = fail);
  failed.catch(() => {});
  query.reject = (error: unknown) => {
    copyFailed(error);
    reject(error);
  };
  const stream = await query.writable();
  const finished = new Promise<void>((resolve, fail) => {
    stream.on("error", fail);
    stream.on("finish", resolve);
    stream.end(text);
  });
  await Promise.race([finished, failed]);
}

/** Whether a COPY the server refuses fails the caller within `ms` (rather than hanging). */
export async function copyErrorRejects(sql: Sql, ms = 10_000): Promise<{ ok: boolean; detail: string }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"hung">((resolve) => timer = setTimeout(() => resolve("hung"), ms));
  const attempt = sql.begin(async (tx) => {
    await tx`create temporary table bench_copy_probe (id uuid primary key) on commit drop`;
    await copyIn(tx as unknown as Sql, "copy bench_copy_probe (id) from stdin", "not-a-uuid\n");
  }).then(() => "loaded", (error: unknown) => `rejected: ${error instanceof Error ? error.message : String(error)}`);
  const outcome = await Promise.race([attempt, timeout]);
  clearTimeout(timer);
  // the server's own refusal, not any error on the way
  return {
    ok: outcome.startsWith("rejected:") && outcome.includes("invalid input syntax for type uuid"),
    detail: outcome,
  };
}

type CopyTable = { table: string; columns: string[]; rows: unknown[][] };

/** The rows the writer inserted, with ids made here so shows can point at their artist and venue. */
export function copyTables(pages: TmEvent[][]): CopyTable[] {
  const artistIds = new Map<string, string>();
  const venueIds = new Map<string, string>();
  const artists: unknown[][] = [];
  const venues: unknown[][] = [];
  const shows: unknown[][] = [];
  const billing: unknown[][] = [];
  for (const page of pages) {
    const mapped = mapEvents(page);
    for (const a of mapped.artists) {
      if (artistIds.has(a.ticketmaster_id)) continue;
      const id = crypto.randomUUID();
      artistIds.set(a.ticketmaster_id, id);
      artists.push([
        id,
        a.name,
        // the slug the writer derives (public.slugify of the name); COPY brings a stand-in of the same kind
        `artist-${a.ticketmaster_id.toLowerCase()}`,
        a.ticketmaster_id,
        a.spotify_id,
        a.mbid,
        a.image_url,
        a.genres,
      ]);
    }
    for (const v of mapped.venues) {
      if (venueIds.has(v.ticketmaster_id)) continue;
      const id = crypto.randomUUID();
      venueIds.set(v.ticketmaster_id, id);
      // the slug a trigger fills on public.venues (the scratch copy has no triggers); COPY must bring its own
      const slug = `venue-${v.ticketmaster_id.toLowerCase()}`;
      venues.push([
        id,
        v.ticketmaster_id,
        slug,
        v.name,
        v.city,
        v.state,
        v.country,
        v.latitude,
        v.longitude,
        v.timezone,
      ]);
    }
    for (const s of mapped.shows) {
      const id = crypto.randomUUID();
      shows.push([
        id,
        s.ticketmaster_id,
        artistIds.get(s.artist_ticketmaster_id),
        s.venue_ticketmaster_id ? venueIds.get(s.venue_ticketmaster_id) : null,
        s.name,
        s.starts_at,
        s.local_date,
        s.date_tba,
        s.time_tba,
        s.status,
        s.ticket_url,
        new Date().toISOString(),
      ]);
      s.billing.forEach((artist, position) => billing.push([id, artistIds.get(artist), position]));
    }
  }
  return [
    {
      table: "artists",
      columns: ["id", "name", "slug", "ticketmaster_id", "spotify_id", "mbid", "image_url", "genres"],
      rows: artists,
    },
    {
      table: "venues",
      columns: [
        "id",
        "ticketmaster_id",
        "slug",
        "name",
        "city",
        "state",
        "country",
        "latitude",
        "longitude",
        "timezone",
      ],
      rows: venues,
    },
    {
      table: "shows",
      columns: [
        "id",
        "ticketmaster_id",
        "artist_id",
        "venue_id",
        "name",
        "starts_at",
        "local_date",
        "date_tba",
        "time_tba",
        "status",
        "ticket_url",
        "last_seen_at",
      ],
      rows: shows,
    },
    { table: "show_artists", columns: ["show_id", "artist_id", "billing_position"], rows: billing },
  ];
}
