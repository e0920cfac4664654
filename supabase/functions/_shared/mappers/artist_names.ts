// Artist-name matching: the confidence check when a provider is searched by
// name (sync-artist-songs' Spotify search, sync-setlists' setlist.fm search).
// TypeScript's own rule, no SQL copy. Song titles are the database's
// (public.parse_song_title, normalize_song_title); the writers call them.

const APOSTROPHES_RE = /['`\u00b4\u02bc\u2018\u2019]/gu;
const PUNCTUATION_RE = /[!-/:-@[-`{-~\u00a0-\u00bf\u2000-\u206f\u3000-\u303f]/gu;

const LETTERS: Record<string, string> = {
  ø: "o",
  đ: "d",
  ð: "d",
  ł: "l",
  ħ: "h",
  ı: "i",
  æ: "ae",
  œ: "oe",
  ß: "ss",
  þ: "th",
};

/** As public.fold_text: lower case, NFKD, combining marks dropped, a few letters spelled out. */
function foldText(input: string): string {
  return input.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(
    /[øđðłħıæœßþ]/g,
    (ch) => LETTERS[ch],
  );
}

/** Apostrophes vanish, & reads "and", punctuation breaks words (as public.collapse_title_words). */
function collapseTitleWords(input: string): string {
  return input.replace(APOSTROPHES_RE, "").replace(/&/g, " and ").replace(PUNCTUATION_RE, " ").replace(/\s+/gu, " ")
    .replace(/^ +| +$/g, "");
}

/** A loose key for comparing artist names: folded, punctuation dropped, a leading "the" ignored. */
export function normalizeArtistName(name: string): string {
  return collapseTitleWords(foldText(name)).replace(/[^\p{L}\p{N} ]+/gu, "").replace(/\s+/g, " ").trim().replace(
    /^the /,
    "",
  );
}

/** Levenshtein distance, for the "close enough" part of the name check. */
function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}

/**
 * How sure we are that a search result names the artist we mean, from 0 to 1.
 * Equal keys score 1; otherwise 1 - edit distance / longer length, so
 * "Beyonce" vs "Beyoncé" is 1 and "X" vs "X Tribute Band" is low.
 */
export function nameConfidence(wanted: string, candidate: string): number {
  const a = normalizeArtistName(wanted);
  const b = normalizeArtistName(candidate);
  if (a === "" || b === "") return 0;
  if (a === b) return 1;
  return 1 - editDistance(a, b) / Math.max(a.length, b.length);
}

/** The minimum nameConfidence for adopting a provider's artist id found by name. */
export const NAME_CONFIDENCE_THRESHOLD = 0.9;
