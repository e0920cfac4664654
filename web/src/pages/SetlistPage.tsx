// /shows/:showId/setlist: what was played at a past show, as setlist.fm has
// it: sets and encores in order, tapes, covers ("Whip It, Devo cover"),
// guests and notes, and how the prediction scored against it.

import { Link, useParams } from "react-router-dom";
import { usePageMeta } from "../app/meta.ts";
import { placeLabel, ShowWhen } from "../components/Cards.tsx";
import { EmptyState, ErrorState, Skeleton } from "../components/States.tsx";
import { type PlayedSong, usePlayedSetlistQuery } from "../data/browse.ts";
import { useShowQuery } from "../data/shows.ts";

/** "Whip It, Devo cover, with Guest (acoustic)": everything setlist.fm says about one entry. */
export function describeSong(
  song: Pick<PlayedSong, "is_tape" | "is_cover" | "cover_artist" | "guest_artist" | "info">,
) {
  const parts: string[] = [];
  if (song.is_tape) parts.push("tape");
  if (song.is_cover) parts.push(song.cover_artist ? `${song.cover_artist} cover` : "cover");
  if (song.guest_artist) parts.push(`with ${song.guest_artist}`);
  return parts;
}

function SongLine({ song, artistSlug }: { song: PlayedSong; artistSlug: string | undefined }) {
  const details = describeSong(song);
  const title = song.song && artistSlug && !song.is_tape && !song.is_cover
    ? <Link to={`/artists/${artistSlug}/songs/${song.song.slug}`}>{song.title}</Link>
    : song.title;
  return (
    <li className={song.is_tape ? "tape" : undefined}>
      {title}
      {details.length ? <span className="card-meta">, {details.join(", ")}</span> : null}
      {song.info ? <span className="song-note">({song.info})</span> : null}
    </li>
  );
}

export default function SetlistPage() {
  const { showId = "" } = useParams();
  const show = useShowQuery(showId);
  const setlist = usePlayedSetlistQuery(showId);
  const name = show.data?.name;
  usePageMeta(
    name ? `Setlist: ${name}` : "Setlist",
    name
      ? `What ${show.data?.artist?.name ?? "the artist"} played at ${
        placeLabel(show.data!.venue)
      }: sets, encores, covers and guests.`
      : "A setlist on TheSet.",
  );
  if (show.isPending) return <Skeleton lines={10} label="Loading setlist" />;
  if (show.isError) return <ErrorState error={show.error} onRetry={() => show.refetch()} />;
  if (!show.data) return <EmptyState title="We don't know this show" />;
  const { data } = show;
  const songCount = setlist.data?.sets.reduce((n, set) => n + set.songs.filter((s) => !s.is_tape).length, 0) ?? 0;
  return (
    <div className="page setlist-page">
      <header className="show-header">
        {data.artist
          ? <Link to={`/artists/${data.artist.slug}`} className="card-kicker">{data.artist.name}</Link>
          : null}
        <h1>{data.name}</h1>
        <p className="card-meta">
          <ShowWhen show={data} dateOnly /> · {data.venue?.slug
            ? <Link to={`/venues/${data.venue.slug}`}>{placeLabel(data.venue)}</Link>
            : placeLabel(data.venue)}
        </p>
        <Link to={`/shows/${data.id}`}>The show and its prediction</Link>
      </header>
      <section aria-labelledby="played">
        <h2 id="played">
          Setlist {setlist.data ? <span className="count">{songCount} songs</span> : null}
        </h2>
        {setlist.isPending
          ? <Skeleton lines={12} label="Loading the songs" />
          : setlist.isError
          ? <ErrorState error={setlist.error} onRetry={() => setlist.refetch()} />
          : !setlist.data || setlist.data.sets.length === 0
          ? <EmptyState title="No setlist yet">setlist.fm has no setlist for this show.</EmptyState>
          : (
            <>
              {setlist.data.sets.map((set) => (
                <div key={set.label} className="played-set">
                  <h3>{set.label}</h3>
                  <ol className="played-list">
                    {set.songs.map((song) => <SongLine key={song.id} song={song} artistSlug={data.artist?.slug} />)}
                  </ol>
                </div>
              ))}
              <p className="hint">
                {setlist.data.score
                  ? `The prediction got ${setlist.data.score.matched} of ${setlist.data.score.played} songs right (score ${setlist.data.score.score} of 100).`
                  : "This show had no prediction to score."}
              </p>
            </>
          )}
      </section>
    </div>
  );
}
