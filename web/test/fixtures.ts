// Rows shaped like the database's, for the component tests. Clearly synthetic.

import type { SetlistSong } from "../src/data/setlists.ts";

export const ARTIST = {
  id: "a0000000-0000-4000-8000-000000000001",
  name: "Synthetic Echoes",
  slug: "synthetic-echoes",
  image_url: null,
};

export const VENUE = {
  id: "b0000000-0000-4000-8000-000000000001",
  name: "Test Hall",
  city: "Berlin",
  state: null,
  country: "DE",
  timezone: "Europe/Berlin",
};

export const SHOW_ID = "c0000000-0000-4000-8000-000000000001";
export const SETLIST_ID = "d0000000-0000-4000-8000-000000000001";

/** A show a year ahead: voting is open. */
export function showRow(overrides: Record<string, unknown> = {}) {
  const startsAt = new Date(Date.now() + 365 * 86_400_000);
  startsAt.setUTCHours(18, 30, 0, 0);
  return {
    id: SHOW_ID,
    name: "Synthetic Echoes Live",
    starts_at: startsAt.toISOString(),
    local_date: startsAt.toISOString().slice(0, 10),
    date_tba: false,
    time_tba: false,
    status: "scheduled",
    ticket_url: null,
    artist: ARTIST,
    venue: VENUE,
    support: [],
    ...overrides,
  };
}

export function setlistSong(id: string, title: string, position: number, upvotes = 0, downvotes = 0): SetlistSong {
  return {
    id,
    setlist_id: SETLIST_ID,
    song_id: `e0000000-0000-4000-8000-00000000000${position}`,
    title,
    position,
    set_number: 1,
    is_encore: false,
    is_tape: false,
    is_cover: false,
    cover_artist: null,
    info: null,
    suggested: false,
    upvotes,
    downvotes,
  };
}

export const PREDICTED_SONGS = [
  setlistSong("f0000000-0000-4000-8000-000000000001", "Opening Signal", 1, 2, 0),
  setlistSong("f0000000-0000-4000-8000-000000000002", "Second Wave", 2, 5, 1),
  setlistSong("f0000000-0000-4000-8000-000000000003", "Quiet Static", 3, 0, 0),
];

export function predictedSetlistRow(songs = PREDICTED_SONGS, overrides: Record<string, unknown> = {}) {
  return { id: SETLIST_ID, kind: "predicted", locked_at: null, show_id: SHOW_ID, songs, ...overrides };
}
