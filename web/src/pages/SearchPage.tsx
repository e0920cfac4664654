// Search: artists and shows already in TheSet as you type, and artists that
// only Ticketmaster knows, each with an Import action that queues the import
// and opens a page that fills in as the artist's rows land.

import { useEffect, useState } from "react";
import { useNavigate, useSearchParams } from "react-router-dom";
import { usePageTitle } from "../app/Layout.tsx";
import { ArtistCard, ArtistImage, ShowCard } from "../components/Cards.tsx";
import { EmptyState, ErrorState, Skeleton } from "../components/States.tsx";
import {
  isSearchable,
  type SearchRules,
  type TicketmasterArtist,
  useDatabaseSearch,
  useSearchRulesQuery,
  useTicketmasterSearch,
} from "../data/search.ts";
import { useStartImport } from "../data/imports.ts";
import { PlaceResults } from "../components/PlaceResults.tsx";
import { useDebounced } from "../lib/useDebounced.ts";
import { Link } from "react-router-dom";

function DatabaseResults({ text }: { text: string }) {
  const query = useDatabaseSearch(text);
  if (query.isPending) return <Skeleton lines={4} label="Searching TheSet" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const { artists, shows } = query.data;
  if (artists.length === 0 && shows.length === 0) {
    return <EmptyState title={`Nothing in TheSet matches “${text}”`}>Try Ticketmaster's results below.</EmptyState>;
  }
  return (
    <>
      {artists.length
        ? (
          <>
            <h3>Artists</h3>
            <ul className="card-grid card-grid-compact">
              {artists.map((artist) => <ArtistCard key={artist.id} artist={artist} />)}
            </ul>
          </>
        )
        : null}
      {shows.length
        ? (
          <>
            <h3>Shows</h3>
            <ul className="card-grid">{shows.map((show) => <ShowCard key={show.id} show={show} />)}</ul>
          </>
        )
        : null}
    </>
  );
}

function ImportButton({ artist }: { artist: TicketmasterArtist }) {
  const navigate = useNavigate();
  const start = useStartImport();
  return (
    <>
      <button
        type="button"
        className="button button-primary"
        disabled={start.isPending}
        aria-label={`Import ${artist.name}`}
        onClick={() =>
          start.mutate(artist.ticketmaster_id, {
            onSuccess: (started) =>
              navigate(started.kind === "exists" ? `/artists/${started.slug}` : `/imports/${started.jobId}`),
          })}
      >
        {start.isPending ? "Queuing…" : "Import"}
      </button>
      {start.isError ? <p className="form-error" role="alert">{start.error.message}</p> : null}
    </>
  );
}

function TicketmasterResults({ text }: { text: string }) {
  const query = useTicketmasterSearch(text);
  if (query.isPending) return <Skeleton lines={3} label="Asking Ticketmaster" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  if (query.data.length === 0) return <EmptyState title={`Ticketmaster has no artist matching “${text}”`} />;
  return (
    <ul className="result-list">
      {query.data.map((artist) => (
        <li key={artist.ticketmaster_id} className="result-row">
          <ArtistImage artist={{ name: artist.name, slug: artist.artist?.slug ?? "", image_url: artist.image_url }} />
          <div className="result-main">
            <span className="card-title">{artist.name}</span>
            <span className="card-meta">
              {[
                artist.genres.slice(0, 2).join(" · "),
                artist.upcoming_events !== null ? `${artist.upcoming_events} upcoming events` : "",
              ].filter(Boolean).join(" · ")}
            </span>
          </div>
          {artist.artist?.complete
            ? <Link className="button" to={`/artists/${artist.artist.slug}`}>Open</Link>
            : artist.import_job_id !== null
            ? <Link className="button" to={`/imports/${artist.import_job_id}`}>Importing…</Link>
            : <ImportButton artist={artist} />}
        </li>
      ))}
    </ul>
  );
}

/** Before a search: how many characters it takes, as the database's search_rules row says. */
function SearchHint({ rules }: { rules: ReturnType<typeof useSearchRulesQuery> }) {
  if (rules.isError) return <ErrorState error={rules.error} onRetry={() => rules.refetch()} />;
  const row: SearchRules | undefined = rules.data;
  return row ? <p className="hint">Type at least {row.min_query_length} characters.</p> : null;
}

export default function SearchPage() {
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get("q") ?? "");
  const settled = useDebounced(text.trim(), 250);
  usePageTitle(settled ? `Search: ${settled}` : "Search");

  useEffect(() => {
    // keep the URL shareable without adding a history entry per keystroke
    setParams(settled ? { q: settled } : {}, { replace: true });
  }, [settled, setParams]);

  const rules = useSearchRulesQuery();
  const ready = isSearchable(settled, rules.data);
  return (
    <div className="page search-page">
      <h1>Search</h1>
      <div role="search" className="search-box">
        <label htmlFor="search-input" className="visually-hidden">Search artists and shows</label>
        <input
          id="search-input"
          type="search"
          placeholder="Artist or show name"
          value={text}
          autoFocus
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      {!ready ? <SearchHint rules={rules} /> : (
        <>
          <section aria-labelledby="in-theset" aria-live="polite">
            <h2 id="in-theset">In TheSet</h2>
            <DatabaseResults text={settled} />
          </section>
          <section aria-labelledby="places">
            <h2 id="places">Venues and cities</h2>
            <PlaceResults text={settled} />
          </section>
          <section aria-labelledby="on-ticketmaster">
            <h2 id="on-ticketmaster">On Ticketmaster</h2>
            <TicketmasterResults text={settled} />
          </section>
        </>
      )}
    </div>
  );
}
