// Everything about one artist: upcoming shows, past shows with what was
// actually played, the songs played most in those shows, and the catalog.
// Used by the artist page and, while rows are still landing, the import page
// (which passes a refetch interval so the sections fill in).

import { useMemo, useState } from "react";
import { Link } from "react-router-dom";
import type { Artist } from "../data/artists.ts";
import { useCatalogQuery, useMostPlayedQuery } from "../data/artists.ts";
import { useArtistShowsQuery } from "../data/shows.ts";
import { ArtistImage, ShowCard } from "./Cards.tsx";
import { PastShows } from "./PastShows.tsx";
import { Tours } from "./Tours.tsx";
import { CardGridSkeleton, EmptyState, ErrorState, Skeleton } from "./States.tsx";
import { SyntheticBadge } from "./Synthetic.tsx";

function formatDuration(ms: number | null): string {
  if (!ms) return "";
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

export function ArtistHeader({ artist }: { artist: Artist }) {
  return (
    <header className="artist-header">
      <ArtistImage artist={artist} size="large" />
      <div>
        <h1>{artist.name}</h1>
        <SyntheticBadge artist={artist} />
        {artist.genres.length ? <p className="card-meta">{artist.genres.join(" · ")}</p> : null}
      </div>
    </header>
  );
}

export function ArtistView({ artist, refetchInterval = false }: {
  artist: Artist;
  refetchInterval?: number | false;
}) {
  const shows = useArtistShowsQuery(artist.id, { refetchInterval });
  const catalog = useCatalogQuery(artist.id, { refetchInterval });
  const [filter, setFilter] = useState("");
  const top = useMostPlayedQuery(artist.id, { refetchInterval });
  const visibleCatalog = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return (catalog.data ?? []).filter((song) => !needle || song.title.toLowerCase().includes(needle));
  }, [catalog.data, filter]);

  return (
    <div className="artist-view">
      <section aria-labelledby="upcoming-shows">
        <h2 id="upcoming-shows">Upcoming shows</h2>
        {shows.isPending
          ? <CardGridSkeleton label="Loading shows" />
          : shows.isError
          ? <ErrorState error={shows.error} onRetry={() => shows.refetch()} />
          : shows.data.upcoming.length === 0
          ? <EmptyState title="No upcoming shows announced" />
          : (
            <ul className="card-grid">
              {shows.data.upcoming.map((show) => <ShowCard key={show.id} show={show} showArtist={false} />)}
            </ul>
          )}
      </section>

      <div className="two-columns">
        <PastShows artistId={artist.id} refetchInterval={refetchInterval} />

        <section aria-labelledby="most-played">
          <h2 id="most-played">Most played</h2>
          {top.isPending
            ? <Skeleton lines={5} label="Counting plays" />
            : top.isError
            ? <ErrorState error={top.error} onRetry={() => top.refetch()} />
            : top.data.length === 0
            ? <EmptyState title="No setlists to count yet" />
            : (
              <ol className="most-played">
                {top.data.map((song) => (
                  <li key={song.songId}>
                    {song.slug
                      ? <Link to={`/artists/${artist.slug}/songs/${song.slug}`}>{song.title}</Link>
                      : <span>{song.title}</span>}
                    <span className="count">
                      {song.plays} of {song.outOf} shows
                    </span>
                  </li>
                ))}
              </ol>
            )}
        </section>
      </div>

      <Tours artistId={artist.id} artistSlug={artist.slug} />

      <section aria-labelledby="catalog">
        <h2 id="catalog">
          Catalog {catalog.data ? <span className="count">{catalog.data.length} songs</span> : null}
        </h2>
        {catalog.isPending
          ? <Skeleton lines={6} label="Loading catalog" />
          : catalog.isError
          ? <ErrorState error={catalog.error} onRetry={() => catalog.refetch()} />
          : catalog.data.length === 0
          ? <EmptyState title="No songs yet">The catalog sync fills this from Spotify.</EmptyState>
          : (
            <>
              <label htmlFor="catalog-filter" className="visually-hidden">Filter songs</label>
              <input
                id="catalog-filter"
                type="search"
                className="inline-filter"
                placeholder="Filter songs"
                value={filter}
                onChange={(event) => setFilter(event.target.value)}
              />
              <ul className="catalog">
                {visibleCatalog.map((song) => (
                  <li key={song.id}>
                    <span className="song-title">{song.title}</span>
                    <span className="card-meta">
                      {[song.album, song.release_date?.slice(0, 4), formatDuration(song.duration_ms)].filter(Boolean)
                        .join(" · ")}
                    </span>
                  </li>
                ))}
              </ul>
              {visibleCatalog.length === 0 ? <p className="hint">No song matches “{filter}”.</p> : null}
            </>
          )}
      </section>
    </div>
  );
}
