// Demo mode's labels. The demo upstream invents every artist, venue, show and
// song it serves and says so ("synthetic": true); the sync keeps the flag on
// artists (artists.synthetic), so pages of those artists say it plainly and
// the home page says it once when anything trending is invented.

const EXPLANATION = "Invented by TheSet's demo mode: not a real artist, show or song.";

/** Whether an artist is the demo upstream's invention: the one place the SPA decides it. */
export function isSynthetic(artist: { synthetic?: boolean | null } | null | undefined): boolean {
  return artist?.synthetic === true;
}

/** A visible label on a synthetic artist's page (artist page, show page); nothing for a real artist. */
export function SyntheticBadge({ artist }: { artist: { synthetic?: boolean | null } | null | undefined }) {
  if (!isSynthetic(artist)) return null;
  return (
    <span className="badge badge-synthetic" role="note" title={EXPLANATION}>
      Synthetic demo data
    </span>
  );
}

/** One line above the home page's content while any trending artist is synthetic. */
export function SyntheticBanner() {
  return (
    <p className="synthetic-banner" role="note">
      <strong>Synthetic demo data:</strong>{" "}
      the artists, shows and songs here are invented by the demo upstream, not real.
    </p>
  );
}

/** Whether any of these artists is synthetic (the home page's banner condition). */
export function anySynthetic(artists: readonly { synthetic?: boolean | null }[] | undefined): boolean {
  return (artists ?? []).some(isSynthetic);
}
