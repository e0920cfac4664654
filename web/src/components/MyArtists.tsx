// "My artists" on the home page: the artists the fan follows. Nothing is shown
// to a visitor who follows nobody.

import { useSession } from "../data/auth.tsx";
import { useMyArtistsQuery } from "../data/fans.ts";
import { ArtistCard } from "./Cards.tsx";
import { CardGridSkeleton, ErrorState } from "./States.tsx";

export function MyArtists() {
  const { user } = useSession();
  const query = useMyArtistsQuery();
  if (!user) return null;
  if (query.isPending) return <CardGridSkeleton cards={2} label="Loading your artists" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  if (query.data.length === 0) return null;
  return (
    <section aria-labelledby="my-artists">
      <h2 id="my-artists">My artists</h2>
      <ul className="card-grid card-grid-compact">
        {query.data.map((artist) => <ArtistCard key={artist.id} artist={artist} />)}
      </ul>
    </section>
  );
}
