// What a job gets to work with: the database, its run record, the provider
// clients counting into the run, and whether this is a dry run.

import type { Sql } from "../db.ts";
import type { Providers } from "../providers/mod.ts";
import type { ReadShape } from "../tables.ts";
import type { SyncRun } from "./run.ts";

export interface JobContext {
  sql: Sql;
  run: SyncRun;
  providers: Providers;
  dryRun: boolean;
}

/** The artist columns every job works from (generated types: a renamed column fails deno check here). */
export type ArtistRef = ReadShape<"artists", "id" | "name" | "ticketmaster_id" | "spotify_id" | "mbid">;

/** The artists a run was scoped to (body artist_id / artist_ids), by name. */
export async function scopedArtists(sql: Sql, artistIds: string[], limit: number): Promise<ArtistRef[]> {
  return await sql<ArtistRef[]>`
    select id::text, name, ticketmaster_id, spotify_id, mbid::text from public.artists
    where id = any(${artistIds}::uuid[]) order by name, id limit ${limit}`;
}

export async function loadArtist(sql: Sql, id: string): Promise<ArtistRef | null> {
  const rows = await sql<ArtistRef[]>`
    select id::text, name, ticketmaster_id, spotify_id, mbid::text from public.artists where id = ${id}::uuid`;
  return rows[0] ?? null;
}
