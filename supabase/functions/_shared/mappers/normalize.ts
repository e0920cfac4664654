// Text rules shared by the mappers. Song titles and slugs mirror the
// database's own rules exactly (public.fold_text, normalize_song_title and
// slugify in the catalog migration), because the database applies them too:
// a trigger keeps songs.normalized_title = normalize_song_title(title), and
// two rows of one upsert must never collapse into one key there without
// having collapsed here. tests/normalize_parity.test.ts runs both on the same
// titles. Artist-name matching (the confidence check when a provider is
// searched by name) is this module's own.

/** Words that mark a recording's version rather than a different song (as normalize_song_title's). */
const VERSION_WORDS = [
  "remaster",
  "remastered",
  "live",
  "deluxe",
  "edit",
  "version",
  "mix",
  "remix",
  "feat",
  "ft",
  "featuring",
  "mono",
  "stereo",
  "demo",
  "acoustic",
  "bonus",
  "edition",
  "anniversary",
  "single",
  "unplugged",
  "session",
  "sessions",
  "recorded",
  "soundtrack",
  "explicit",
];
// Postgres' \m and \M: word boundaries where letters, digits and _ are word characters
const VERSION_WORD = `(?<![\\p{L}\\p{N}_])(?:${VERSION_WORDS.join("|")})(?![\\p{L}\\p{N}_])`;
const VERSION_RE = new RegExp(VERSION_WORD, "u");
const VERSION_GROUP_RE = new RegExp(`\\s*[(\\[][^()\\[\\]]*${VERSION_WORD}[^()\\[\\]]*[)\\]]`, "gu");
const ANY_GROUP_RE = /\s*[([][^()[\]]*[)\]]/gu;
// a guest named like feat.: "Song (with X)", "Song [with X]", "Song - with X" (how Spotify names collaborations)
const WITH_GROUP_RE = /\s*[([]\s*with\s[^()[\]]*[)\]]/gu;
const WITH_SEGMENT_RE = /^\s*with\s/u;
const DASH_RE = /\s+[-\u2013\u2014]\s+/gu;
const FEATURING_TAIL_RE = /\s(feat\.?|ft\.|featuring)\s[\s\S]*$/u;
const FEATURING_TAIL_ANY_CASE_RE = /\s(feat\.?|ft\.|featuring)\s[\s\S]*$/iu;
const APOSTROPHES_RE = /['`\u00b4\u02bc\u2018\u2019]/gu;
const PUNCTUATION_RE = /[!-/:-@[-`{-~\u00a0-\u00bf\u2000-\u206f\u3000-\u303f]/gu;
const LIVE_RE = /(?<![\p{L}\p{N}_])(live|unplugged)(?![\p{L}\p{N}_])/u;
const REMIX_RE = /(?<![\p{L}\p{N}_])(remix|mix)(?![\p{L}\p{N}_])/u;

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

/** public.fold_text: lower case, NFKD, combining marks dropped, a few letters spelled out. */
export function foldText(input: string): string {
  return input.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(
    /[øđðłħıæœßþ]/g,
    (ch) => LETTERS[ch],
  );
}

/** public.collapse_title_words: apostrophes vanish, & reads "and", punctuation breaks words. */
function collapseTitleWords(input: string): string {
  return input.replace(APOSTROPHES_RE, "").replace(/&/g, " and ").replace(PUNCTUATION_RE, " ").replace(/\s+/gu, " ")
    .replace(/^ +| +$/g, "");
}

/** public.normalize_song_title, step for step. */
export function normalizeSongTitle(title: string): string {
  const folded = foldText(title);
  let stripped = folded.replace(VERSION_GROUP_RE, "").replace(WITH_GROUP_RE, "");
  stripped = stripped.replace(DASH_RE, "\x01");
  stripped = stripped.replace(new RegExp(`\\x01[^\\x01]*${VERSION_WORD}[^\\x01]*`, "gu"), "");
  const [head, ...segments] = stripped.split("\x01");
  stripped = [head, ...segments.filter((segment) => !WITH_SEGMENT_RE.test(segment))].join("\x01");
  stripped = stripped.replaceAll("\x01", " - ");
  stripped = stripped.replace(FEATURING_TAIL_RE, "");
  stripped = collapseTitleWords(stripped);
  if (stripped === "") stripped = collapseTitleWords(folded);
  if (stripped === "") stripped = folded.replace(/^ +| +$/g, "");
  return stripped;
}

/** public.slugify: "" when nothing ASCII is left (the database then falls back to "artist"). */
export function slugify(input: string): string {
  return foldText(input).replace(APOSTROPHES_RE, "").replace(/&/g, " and ").replace(/[^a-z0-9]+/g, "-").replace(
    /^-+|-+$/g,
    "",
  );
}

export interface TitleParts {
  /** the title without its version and featuring qualifiers, in its own spelling: what songs.title stores */
  display: string;
  /** normalize_song_title(display): the key the database will give the stored title */
  normalized: string;
  is_live: boolean;
  is_remix: boolean;
}

/**
 * Splits a track or setlist title into the song and its version qualifiers,
 * removing exactly what normalize_song_title removes but keeping the case and
 * accents: "Song (Remastered 2015)", "Song - 2015 Remaster", "Song - Live at X",
 * "Song [Deluxe Edition]", "Song feat. Y", "Song (with Y)", "Song - with Y" and
 * "Song - Radio Edit" are all "Song".
 */
export function parseTitle(title: string): TitleParts {
  const removed: string[] = [];
  let display = title.replace(ANY_GROUP_RE, (group) => {
    if (new RegExp(WITH_GROUP_RE.source, "u").test(foldText(group))) return "";
    if (!VERSION_RE.test(foldText(group))) return group;
    removed.push(foldText(group));
    return "";
  });
  const [first, ...rest] = display.split(DASH_RE);
  display = [
    first,
    ...rest.filter((segment) => {
      if (WITH_SEGMENT_RE.test(foldText(segment))) return false;
      if (!VERSION_RE.test(foldText(segment))) return true;
      removed.push(foldText(segment));
      return false;
    }),
  ].join(" - ");
  display = display.replace(FEATURING_TAIL_ANY_CASE_RE, "").replace(/\s+/gu, " ").trim();
  if (display === "") display = title.replace(/\s+/gu, " ").trim();
  return {
    display,
    normalized: normalizeSongTitle(display),
    is_live: removed.some((r) => LIVE_RE.test(r)),
    is_remix: removed.some((r) => REMIX_RE.test(r)),
  };
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
