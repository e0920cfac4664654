// /artists/:slug/tours/:tour: a tour's nights, its setlist across them (which
// songs came and went), and the prediction for its next date.

import { Link, useParams } from "react-router-dom";
import { useArtistSubpageMeta } from "../app/meta.ts";
import { ArtistSubpage } from "../components/ArtistSubpage.tsx";
import { EmptyState } from "../components/States.tsx";
import { VenuePlace } from "../components/VenuePlace.tsx";
import { type TourPage as TourData, useTourPageQuery } from "../data/browse.ts";

function formatDate(iso: string | null): string {
  if (!iso) return "Date TBA";
  const [y, m, d] = iso.split("-").map(Number);
  return new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" })
    .format(new Date(Date.UTC(y, m - 1, d)));
}

/** Songs down, nights across: a filled cell where the song was played that night. */
function SongGrid({ data }: { data: TourData }) {
  const nights = data.nights.filter((night) => night.has_setlist);
  if (nights.length === 0 || data.songs.length === 0) {
    return <EmptyState title="No setlists from this tour yet" />;
  }
  return (
    <div className="tour-grid-scroll" tabIndex={0} role="region" aria-label="Songs by night">
      <table className="tour-grid">
        <caption className="visually-hidden">Which songs were played on which night</caption>
        <thead>
          <tr>
            <th scope="col">Song</th>
            <th scope="col">Nights</th>
            {nights.map((night) => (
              <th key={night.id} scope="col" className="tour-night">
                <Link
                  to={`/shows/${night.id}/setlist`}
                  title={`${formatDate(night.local_date)}, ${night.venue_city ?? ""}`}
                >
                  {night.local_date.slice(5)}
                </Link>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.songs.map((song) => {
            const played = new Set(song.show_ids);
            return (
              <tr key={song.id}>
                <th scope="row">
                  <Link to={`/artists/${data.artist.slug}/songs/${song.slug}`}>{song.title}</Link>
                </th>
                <td>{song.nights}/{nights.length}</td>
                {nights.map((night) => (
                  <td key={night.id} className={played.has(night.id) ? "played" : undefined}>
                    {played.has(night.id) ? <span aria-label="played">●</span> : <span aria-label="not played">·</span>}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const tourName = (data: TourData) => data.tour.name;

const describeTour = (data: TourData) =>
  `${data.artist.name}'s ${data.tour.name}: ${data.nights.length} nights from ${formatDate(data.tour.first_date)} to ${
    formatDate(data.tour.last_date)
  }, the songs night by night, and the next date.`;

const tourDates = (data: TourData) =>
  `${data.nights.length} nights · ${formatDate(data.tour.first_date)} – ${formatDate(data.tour.last_date)}`;

export default function TourPage() {
  const { slug = "", tour = "" } = useParams();
  const query = useTourPageQuery(slug, tour);
  useArtistSubpageMeta(query.data, "tour", tourName, describeTour);
  return (
    <ArtistSubpage query={query} artistSlug={slug} what="tour" lines={10} title={tourName} about={tourDates}>
      {(data) => <TourSections data={data} />}
    </ArtistSubpage>
  );
}

function TourSections({ data }: { data: TourData }) {
  return (
    <>
      <section aria-labelledby="tour-next">
        <h2 id="tour-next">Next date</h2>
        {data.next_show
          ? (
            <div className="card tour-next">
              <Link to={`/shows/${data.next_show.id}`} className="card-link">
                <span className="card-title">{data.next_show.name}</span>
                <span className="card-meta">
                  {formatDate(data.next_show.local_date)}
                  {data.next_show.venue_name ? ` · ${data.next_show.venue_name}` : ""}
                  {data.next_show.venue_city ? `, ${data.next_show.venue_city}` : ""}
                </span>
              </Link>
              {data.next_show.predicted?.length
                ? (
                  <>
                    <p className="hint">The prediction, before fans vote it into order:</p>
                    <ol className="played-list">{data.next_show.predicted.map((t, i) => <li key={i}>{t}</li>)}</ol>
                  </>
                )
                : <p className="hint">No prediction for it yet.</p>}
            </div>
          )
          : <EmptyState title="No next date announced for this tour" />}
      </section>

      <section aria-labelledby="tour-songs">
        <h2 id="tour-songs">The setlist, night by night</h2>
        <SongGrid data={data} />
      </section>

      <section aria-labelledby="tour-nights">
        <h2 id="tour-nights">Nights</h2>
        <ul className="past-shows">
          {data.nights.map((night) => (
            <li key={night.id} className="song-show">
              <Link to={night.has_setlist ? `/shows/${night.id}/setlist` : `/shows/${night.id}`}>
                {formatDate(night.local_date)}
              </Link>
              <VenuePlace slug={night.venue_slug} name={night.venue_name} city={night.venue_city} />
              <span className="card-meta">
                {night.has_setlist ? "setlist" : "no setlist"}
                {night.from_ticketmaster_only ? " · listed by Ticketmaster" : ""}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
