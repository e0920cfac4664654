// Text normalisation shared by the mappers: song titles (so that the
// remastered, live, deluxe, radio-edit and remix copies of a song collapse
// into one catalog row, and setlist.fm's titles find their catalog song),
// artist names (for the confidence check when a provider is searched by
// name) and URL slugs.

/** Version markers that make a copy of a song rather than a different song. */
const VERSION_WORDS = [
  "remaster",
  "remastered",
  "live",
  "deluxe",
  "radio edit",
  "edit",
  "single version",
  "album version",
  "version",
  "mono",
  "stereo",
  "demo",
  "acoustic",
  "remix",
  "mix",
  "bonus track",
  "explicit",
  "clean",
  "edition",
  "anniversary",
  "expanded",
  "session",
  "sessions",
  "unplugged",
];
const VERSION_RE = new RegExp(`\\b(${VERSION_WORDS.map((w) => w.replace(" ", "\\s+")).join("|")})\\b`, "i");
const LIVE_RE = /\b(live|unplugged)\b/i;
const REMIX_RE = /\b(remix|mix)\b/i;
const FEATURING_RE = /\b(feat\.?|ft\.?|featuring|with)\s/i;

/** Removes accents and other combining marks: "Café Noir" -> "Cafe Noir". */
export function foldAccents(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}+/gu, "");
}

export interface TitleParts {
  /** the title without version and featuring qualifiers, as displayed */
  display: string;
  /** lower-case, accent-free, punctuation-free key for matching and uniqueness */
  normalized: string;
  is_live: boolean;
  is_remix: boolean;
}

/**
 * Splits a track or setlist title into the song and its version qualifiers:
 * "Song (Remastered 2015)", "Song - 2015 Remaster", "Song - Live at X",
 * "Song [Deluxe Edition]", "Song (feat. Y)" and "Song - Radio Edit" are all "Song".
 */
export function parseTitle(title: string): TitleParts {
  let display = title.replace(/\s+/g, " ").trim();
  let is_live = false;
  let is_remix = false;
  const qualifiers: string[] = [];

  // trailing (...) or [...] groups that qualify the version or the credits
  for (;;) {
    const match = display.match(/^(.*\S)\s*[([]([^()[\]]*)[)\]]$/);
    if (!match) break;
    const inside = match[2];
    if (!VERSION_RE.test(inside) && !FEATURING_RE.test(`${inside} `)) break;
    qualifiers.push(inside);
    display = match[1].trim();
  }
  // trailing " - <qualifier>" segments: "- Live at Wembley", "- 2011 Remaster"
  for (;;) {
    const match = display.match(/^(.*\S)\s+[-–—]\s+([^-–—]+)$/);
    if (!match || !VERSION_RE.test(match[2])) break;
    qualifiers.push(match[2]);
    display = match[1].trim();
  }
  // "Song feat. Y" without brackets
  const featuring = display.match(/^(.*\S)\s+(feat\.?|ft\.|featuring)\s+.+$/i);
  if (featuring) display = featuring[1].trim();

  for (const q of qualifiers) {
    if (LIVE_RE.test(q)) is_live = true;
    if (REMIX_RE.test(q)) is_remix = true;
  }
  if (display === "") display = title.trim();
  return { display, normalized: normalizeKey(display) || normalizeKey(title), is_live, is_remix };
}

/** A matching key: accents folded, lower case, "&" as "and", punctuation dropped, spaces collapsed. */
export function normalizeKey(text: string): string {
  return foldAccents(text)
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’`]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The key a song is unique by within its artist (songs.normalized_title). */
export function normalizeSongTitle(title: string): string {
  return parseTitle(title).normalized;
}

/** An artist name's matching key: as normalizeKey, and a leading "the" does not count. */
export function normalizeArtistName(name: string): string {
  return normalizeKey(name).replace(/^the /, "");
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

/** A URL slug: "Sigur Rós & Friends" -> "sigur-ros-and-friends"; empty when nothing Latin is left. */
export function slugify(name: string): string {
  return foldAccents(name)
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’`]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/g, "");
}
