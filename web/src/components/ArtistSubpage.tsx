// A page under an artist (/artists/:slug/songs/:song, /artists/:slug/tours/:tour):
// loaded over one query; "We don't know this <what>" with the way back to the
// artist when the slug names nothing; a header with the artist (a link back)
// over the page's title and one line about it, then the page's own sections.

import type { ReactNode } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { QueryView } from "./States.tsx";

interface ArtistOwned {
  artist: { slug: string; name: string };
}

export function ArtistSubpage<T extends ArtistOwned>({ query, artistSlug, what, lines, title, about, children }: {
  query: UseQueryResult<T | null>;
  /** the artist slug in the address (the way back when the page is unknown) */
  artistSlug: string;
  /** what the page is about, in words: "song", "tour" (its class is `${what}-page`) */
  what: string;
  /** skeleton lines while it loads */
  lines: number;
  title: (data: T) => string;
  /** the line under the title, if there is one to say */
  about: (data: T) => ReactNode;
  children: (data: T) => ReactNode;
}) {
  const unknown = { what, to: `/artists/${artistSlug}`, link: "Back to the artist" };
  return (
    <QueryView query={query} lines={lines} loading={`Loading ${what}`} unknown={unknown}>
      {(data) => (
        <div className={`page ${what}-page`}>
          <header className="show-header">
            <Link to={`/artists/${data.artist.slug}`} className="card-kicker">{data.artist.name}</Link>
            <h1>{title(data)}</h1>
            {about(data) ? <p className="card-meta">{about(data)}</p> : null}
          </header>
          {children(data)}
        </div>
      )}
    </QueryView>
  );
}
