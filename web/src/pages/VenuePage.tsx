// /venues/:slug: a venue's upcoming shows, its past shows with what was
// played, the songs played there most, and where it is (with a map link).

import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { usePageMeta } from "../app/meta.ts";
import { ShowCard, ShowWhen } from "../components/Cards.tsx";
import { Pager } from "../components/Pager.tsx";
import { EmptyState, ListSection, QueryView, searchForSlug, Skeleton } from "../components/States.tsx";
import { VenueAddress } from "../components/VenueAddress.tsx";
import { asShowCard, PAST_PAGE_SIZE, useVenuePageQuery, type VenuePage as VenueData } from "../data/browse.ts";

export default function VenuePage() {
  const { slug = "" } = useParams();
  const [page, setPage] = useState(0);
  const query = useVenuePageQuery(slug, page);
  const data = query.data;
  usePageMeta(
    data?.venue.name ?? "Venue",
    data
      ? `Shows at ${data.venue.name}${
        data.venue.city ? ` in ${data.venue.city}` : ""
      }: what is coming, what was played, and the songs played there most.`
      : "A venue on TheSet.",
  );
  const unknown = { what: "venue", to: searchForSlug(slug), link: "Search for it" };
  return (
    <QueryView query={query} lines={8} loading="Loading venue" unknown={unknown}>
      {(data) => <VenueView data={data} page={page} setPage={setPage} loadingPage={query.isPlaceholderData} />}
    </QueryView>
  );
}

function VenueView({ data, page, setPage, loadingPage }: {
  data: VenueData;
  page: number;
  setPage: (page: number) => void;
  /** the past shows on screen are the last page's while the next one loads */
  loadingPage: boolean;
}) {
  const { venue } = data;
  return (
    <div className="page venue-page">
      <header className="show-header">
        <h1>{venue.name}</h1>
        <VenueAddress venue={venue} />
        <p className="hint">
          {venue.timezone
            ? `Times are local to the venue (${venue.timezone}).`
            : "This venue's time zone is unknown: times are shown in UTC."}
        </p>
      </header>

      <ListSection
        id="venue-upcoming"
        title="Upcoming shows"
        items={data.upcoming}
        empty="No upcoming shows announced here"
        className="card-grid"
      >
        {(show) => <ShowCard key={show.id} show={asShowCard(show, venue)} />}
      </ListSection>

      <div className="two-columns">
        <section aria-labelledby="venue-past">
          <h2 id="venue-past">
            Past shows <span className="count">{data.past_total}</span>
          </h2>
          {loadingPage
            ? <Skeleton lines={4} label="Loading past shows" />
            : data.past.length === 0
            ? <EmptyState title="No past shows here yet" />
            : (
              <ul className="past-shows">
                {data.past.map((show) => (
                  <li key={show.id}>
                    <details>
                      <summary>
                        <span className="past-show-title">
                          <ShowWhen show={asShowCard(show, venue)} dateOnly /> · {show.artist.name}
                        </span>
                        <span className="card-meta">{show.songs ? `${show.songs.length} songs` : "no setlist"}</span>
                      </summary>
                      {show.songs?.length
                        ? <ol className="played-list">{show.songs.map((title, i) => <li key={i}>{title}</li>)}</ol>
                        : <p className="hint">setlist.fm has no setlist for this show.</p>}
                      <Link to={`/shows/${show.id}/setlist`}>The setlist</Link>
                    </details>
                  </li>
                ))}
              </ul>
            )}
          <Pager
            page={page}
            pageSize={PAST_PAGE_SIZE}
            total={data.past_total}
            onPage={setPage}
            label="Past shows pages"
          />
        </section>

        <section aria-labelledby="venue-top-songs">
          <h2 id="venue-top-songs">Most played here</h2>
          {data.top_songs.length === 0 ? <EmptyState title="No setlists from here yet" /> : (
            <ol className="most-played">
              {data.top_songs.map((song) => (
                <li key={song.id}>
                  <span>
                    <Link to={`/artists/${song.artist_slug}/songs/${song.slug}`}>{song.title}</Link>{" "}
                    <span className="card-meta">· {song.artist_name}</span>
                  </span>
                  <span className="count">{song.plays} {song.plays === 1 ? "show" : "shows"}</span>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </div>
  );
}
