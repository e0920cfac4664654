// /artists/:slug/songs/:song: one song across the artist's history: how often
// and when it was played, how long since, where in the show it sits, a chart
// of plays per month, and every show it was in. From actual setlists only.

import { Link, useParams } from "react-router-dom";
import { useArtistSubpageMeta } from "../app/meta.ts";
import { BarChart } from "../components/BarChart.tsx";
import { ArtistSubpage } from "../components/ArtistSubpage.tsx";
import { EmptyState } from "../components/States.tsx";
import { VenuePlace } from "../components/VenuePlace.tsx";
import { positionInWords, type SongPage as SongPageData, useSongPageQuery } from "../data/browse.ts";

function formatDate(iso: string | null): string {
  if (!iso) return "never";
  const [year, month, day] = iso.split("-").map(Number);
  return new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" })
    .format(new Date(Date.UTC(year, month - 1, day)));
}

function gapInWords(gap: number | null): string {
  if (gap === null) return "never played";
  if (gap === 0) return "played at the latest show";
  return `${gap} ${gap === 1 ? "show" : "shows"} ago`;
}

function Stats({ data }: { data: SongPageData }) {
  const stats: [string, string][] = [
    ["Times played", `${data.times_played} of ${data.shows_with_setlists} shows`],
    ["First played", formatDate(data.first_played)],
    ["Last played", formatDate(data.last_played)],
    ["Gap", gapInWords(data.gap)],
    ["Usually", positionInWords(data.median_relative_position)],
    ["Opened", `${data.openers} ${data.openers === 1 ? "show" : "shows"}`],
    ["Closed", `${data.closers} ${data.closers === 1 ? "show" : "shows"}`],
    ["In the encore", `${data.encores} ${data.encores === 1 ? "time" : "times"}`],
  ];
  return (
    <dl className="stat-grid">
      {stats.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const songTitle = (data: SongPageData) => data.song.title;
const songAlbum = (data: SongPageData) => data.song.album;

const describeSong = (data: SongPageData) =>
  `${data.song.title} by ${data.artist.name}: played ${data.times_played} times, last ${
    formatDate(data.last_played)
  }, and every show it was in.`;

export default function SongPage() {
  const { slug = "", song = "" } = useParams();
  const query = useSongPageQuery(slug, song);
  useArtistSubpageMeta(query.data, "song", songTitle, describeSong);
  return (
    <ArtistSubpage query={query} artistSlug={slug} what="song" lines={8} title={songTitle} about={songAlbum}>
      {(data) => <SongSections data={data} />}
    </ArtistSubpage>
  );
}

function SongSections({ data }: { data: SongPageData }) {
  return (
    <>
      <Stats data={data} />
      {data.times_played === 0
        ? <EmptyState title="Not in any setlist we have">No setlist from setlist.fm lists this song yet.</EmptyState>
        : (
          <>
            <BarChart
              title="Plays per month"
              unit="shows"
              bars={data.per_month.map((m) => ({ label: m.month, value: m.plays }))}
            />
            <section aria-labelledby="song-shows">
              <h2 id="song-shows">
                Shows <span className="count">{data.shows.length}</span>
              </h2>
              <ul className="past-shows song-shows">
                {data.shows.map((play) => (
                  <li key={play.show_id} className="song-show">
                    <Link to={`/shows/${play.show_id}/setlist`}>{formatDate(play.local_date)}</Link>
                    <VenuePlace slug={play.venue_slug} name={play.venue_name} city={play.venue_city} />
                    <span className="card-meta">
                      song {play.song_number} of {play.set_length}
                      {play.is_encore ? " · encore" : ""}
                      {play.guest_artist ? ` · with ${play.guest_artist}` : ""}
                      {play.info ? ` · ${play.info}` : ""}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          </>
        )}
    </>
  );
}
