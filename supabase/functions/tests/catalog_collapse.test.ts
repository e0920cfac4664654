// The Spotify catalog collapse is the database's (public.collapse_spotify_tracks, which the songs writer
// and the spotify function's artist_catalog call): the mapped fixture catalog's copies of one song
// collapse into one song, represented by the most original track.

import postgres from "postgres";
import { assertEquals } from "../../../scripts/test/assert.ts";
import { type AlbumWithTracks, mapCatalog } from "../_shared/mappers/spotify.ts";
import { catalogSongs } from "../_shared/writers/songs.ts";
import { fixture } from "./support/fixtures.ts";
import { DB_URL } from "./support/world.ts";

const catalog = await fixture<{ artist_id: string; releases: AlbumWithTracks[] }>("spotify_catalog.json");

Deno.test({
  name: "spotify: copies collapse into one song represented by the most original track",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const sql = postgres(DB_URL, { max: 1, onnotice: () => {} });
    try {
      const { tracks } = mapCatalog(catalog.artist_id, catalog.releases);
      const songs = await catalogSongs(sql, tracks);
      assertEquals(songs.map((s) => s.title), [
        "Café Lumière",
        "Crowd Noise",
        "Ember Song",
        "Harbour & Home",
        "Lanterns Out",
        "Night Swim",
        "Paper Boats",
        "Slow Tide",
      ]);
      const by = (t: string) => songs.find((s) => s.title === t)!;
      assertEquals(by("Paper Boats").spotify_id, "trk0000000000000000001", "the original, not the 2021 remaster");
      assertEquals(
        by("Café Lumière").spotify_id,
        "trk0000000000000000002",
        "the accented original over the deluxe copy",
      );
      assertEquals(
        by("Slow Tide").spotify_id,
        "trk0000000000000000004",
        "album version over the radio edit and the live take",
      );
      assertEquals(by("Slow Tide").is_live, false);
      assertEquals(by("Harbour & Home").normalized_title, "harbour and home");
      assertEquals(
        [by("Night Swim").is_remix, by("Night Swim").is_live],
        [true, false],
        "a remix-only song is flagged",
      );
      assertEquals(by("Ember Song").is_live, true, "tracks of a live album are live recordings");
      assertEquals(by("Ember Song").release_date, "2023-01-01", "year precision");
      assertEquals(by("Crowd Noise").duration_ms, null, "a zero duration is unknown");
      assertEquals(by("Lanterns Out").album, "Paper Boats (Deluxe Edition)");
      assertEquals(tracks.length - songs.length, 4, "remaster, deluxe copy, live take and radio edit collapsed");
      assertEquals((await catalogSongs(sql, [])).length, 0, "an empty catalog is no songs");
    } finally {
      await sql.end({ timeout: 2 });
    }
  },
});
