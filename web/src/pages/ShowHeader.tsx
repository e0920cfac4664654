// The show page's header (artist, name, where, when, status, calendar,
// support, tickets) and the page's frame around it. Its own module, apart from
// ShowPage.tsx, because two renderers use it: the app's, and the boot script's
// first frame (app/showShell.ts), which paints the header from the boot
// request's answer before the app's JavaScript has arrived. So everything
// here renders from the show alone, with no hooks and no state.

import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import { placeLabel, ShowWhen, StatusBadge } from "../components/Cards.tsx";
import { AddToCalendar } from "../components/CalendarLinks.tsx";
import { Skeleton } from "../components/States.tsx";
import { SyntheticBadge } from "../components/Synthetic.tsx";
import type { ShowDetail } from "../data/shows.ts";

export function ShowHeader({ show }: { show: ShowDetail }) {
  return (
    <header className="show-header">
      {show.artist ? <Link className="card-kicker" to={`/artists/${show.artist.slug}`}>{show.artist.name}</Link> : null}
      <h1>{show.name}</h1>
      <SyntheticBadge artist={show.artist} />
      <p className="show-where">
        {show.venue?.slug
          ? <Link to={`/venues/${show.venue.slug}`}>{placeLabel(show.venue)}</Link>
          : placeLabel(show.venue)}
      </p>
      <p>
        <ShowWhen show={show} /> <StatusBadge status={show.status} />
        {show.venue?.timezone ? <span className="card-meta">venue time</span> : null}
      </p>
      <AddToCalendar showId={show.id} dateKnown={!show.date_tba && show.local_date !== null} />
      {show.support.length
        ? <p className="card-meta">With {show.support.map((entry) => entry.artist?.name).join(", ")}</p>
        : null}
      {show.ticket_url && show.status !== "cancelled"
        ? <a className="button" href={show.ticket_url} target="_blank" rel="noreferrer">Tickets</a>
        : null}
    </header>
  );
}

/** The show page around its header: `children` is the setlists' part (ShowPage's ShowBody, or its skeleton). */
export function ShowPageFrame({ show, children }: { show: ShowDetail; children: ReactNode }) {
  return (
    <div className="page show-page">
      <ShowHeader show={show} />
      {children}
    </div>
  );
}

/** The setlists' part while they load. */
export function SetlistsSkeleton() {
  return <Skeleton lines={8} label="Loading the setlist" />;
}
