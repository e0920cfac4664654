// PostgREST selects shared by the app's queries and the boot script
// (app/boot.ts), which asks for the opened page's rows before the app's
// JavaScript has arrived. This module imports nothing, so the boot script can
// be built from it alone, and both ask for exactly the same rows.

/** The columns a show card needs; the artist through the headliner foreign key (show_artists would be ambiguous). */
export const SHOW_CARD_COLUMNS =
  "id, name, starts_at, local_date, date_tba, time_tba, voting_closes_at, status, ticket_url, artist:artists!shows_artist_id_fkey(id, name, slug, image_url, synthetic), venue:venues(id, slug, name, city, state, country, timezone)";

export const SHOW_DETAIL_COLUMNS =
  `${SHOW_CARD_COLUMNS}, support:show_artists(billing_position, artist:artists(id, name, slug, image_url))`;

export const SETLIST_SONG_COLUMNS =
  "id, setlist_id, song_id, title, position, set_number, is_encore, is_tape, is_cover, " +
  "cover_artist, info, suggested, upvotes, downvotes, probability, likelihood, reasons";

/** A show's setlists as PostgREST embeds them, from `setlists` or from `shows` (see showPageQuery). */
export const SETLISTS_SELECT = `id, kind, locked_at, songs:setlist_songs(${SETLIST_SONG_COLUMNS})`;

/** The show page's one request: the show with its setlists embedded (showPageQuery). */
export const SHOW_PAGE_SELECT = `${SHOW_DETAIL_COLUMNS}, setlists(${SETLISTS_SELECT})`;
