// An artist's past shows, the whole history a page at a time, newest first,
// with a year filter; each show opens to what was played and links to its
// setlist page.

import { useMemo, useState } from "react";
import { Link } from "react-router-dom";
import { usePastSetlistsQuery } from "../data/artists.ts";
import { PAST_PAGE_SIZE, useArtistHistoryQuery, useArtistYearsQuery } from "../data/browse.ts";
import { placeLabel, ShowWhen } from "./Cards.tsx";
import { Pager } from "./Pager.tsx";
import { EmptyState, ErrorState, Skeleton } from "./States.tsx";

export function PastShows({ artistId, refetchInterval = false }: {
  artistId: string;
  refetchInterval?: number | false;
}) {
  const [year, setYear] = useState<number | null>(null);
  const [page, setPage] = useState(0);
  const years = useArtistYearsQuery(artistId, { refetchInterval });
  const history = useArtistHistoryQuery(artistId, year, page, { refetchInterval });
  const pastIds = useMemo(() => history.data?.shows.map((show) => show.id), [history.data]);
  const setlists = usePastSetlistsQuery(artistId, pastIds, { refetchInterval });
  const total = years.data?.reduce((n, y) => n + y.shows, 0);

  return (
    <section aria-labelledby="past-shows">
      <h2 id="past-shows">Past shows</h2>
      {total ? <p className="card-meta">{total} in all</p> : null}
      {years.data && years.data.length > 1
        ? (
          <div className="history-filter">
            <label htmlFor="history-year">Year</label>
            <select
              id="history-year"
              value={year ?? ""}
              onChange={(event) => {
                setYear(event.target.value ? Number(event.target.value) : null);
                setPage(0);
              }}
            >
              <option value="">All years</option>
              {years.data.map((y) => <option key={y.year} value={y.year}>{y.year} ({y.shows})</option>)}
            </select>
          </div>
        )
        : null}
      {history.isPending || history.isPlaceholderData
        ? <Skeleton lines={4} label="Loading past shows" />
        : history.isError
        ? <ErrorState error={history.error} onRetry={() => history.refetch()} />
        : history.data.shows.length === 0
        ? <EmptyState title={year ? `No past shows in ${year}` : "No past shows yet"} />
        : (
          <ul className="past-shows">
            {history.data.shows.map((show) => {
              const setlist = setlists.data?.get(show.id);
              return (
                <li key={show.id}>
                  <details>
                    <summary>
                      <span className="past-show-title">
                        <ShowWhen show={show} dateOnly /> · {placeLabel(show.venue)}
                      </span>
                      <span className="card-meta">
                        {setlist ? `${setlist.songs.length} songs` : setlists.isPending ? "" : "no setlist"}
                      </span>
                    </summary>
                    {setlist && setlist.songs.length
                      ? (
                        <ol className="played-list">
                          {setlist.songs.map((song, index) => (
                            <li key={`${song.position}-${index}`} className={song.is_tape ? "tape" : undefined}>
                              {song.title}
                              {song.is_cover && song.cover_artist ? ` (${song.cover_artist} cover)` : ""}
                              {song.is_tape ? " (tape)" : ""}
                              {song.is_encore ? <span className="badge">encore</span> : null}
                            </li>
                          ))}
                        </ol>
                      )
                      : <p className="hint">setlist.fm has no setlist for this show.</p>}
                    <Link to={`/shows/${show.id}/setlist`}>The setlist</Link>
                    {" · "}
                    <Link to={`/shows/${show.id}`}>Open the show</Link>
                  </details>
                </li>
              );
            })}
          </ul>
        )}
      {history.data
        ? (
          <Pager
            page={page}
            pageSize={PAST_PAGE_SIZE}
            total={history.data.total}
            onPage={setPage}
            label="Past shows pages"
          />
        )
        : null}
    </section>
  );
}
