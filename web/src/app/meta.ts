// A page's own title and description, for the pages that can say more than
// their title (usePageTitle in Layout sets both).

import { usePageTitle } from "./Layout.tsx";

export function usePageMeta(title: string, description: string) {
  usePageTitle(title, description);
}

/**
 * A page under an artist (a song, a tour): "<name> · <artist>" and what the
 * page says about it once loaded; "<What>" and "A <what> on TheSet." before.
 */
export function useArtistSubpageMeta<T extends { artist: { name: string } }>(
  data: T | null | undefined,
  what: string,
  name: (data: T) => string,
  describe: (data: T) => string,
) {
  usePageMeta(
    data ? `${name(data)} · ${data.artist.name}` : what[0].toUpperCase() + what.slice(1),
    data ? describe(data) : `A ${what} on TheSet.`,
  );
}
