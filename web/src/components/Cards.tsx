// Cards linking to a show or an artist, shared by home, search and artist pages.

import { Link } from "react-router-dom";
import type { ShowCard as ShowCardData } from "../data/shows.ts";
import { formatShowWhen } from "../lib/time.ts";

export function placeLabel(venue: ShowCardData["venue"]): string {
  if (!venue) return "Venue to be announced";
  const where = [venue.city, venue.state ?? venue.country].filter(Boolean).join(", ");
  return where ? `${venue.name} · ${where}` : venue.name;
}

export function ShowWhen({ show, dateOnly = false }: { show: ShowCardData; dateOnly?: boolean }) {
  const when = formatShowWhen(show, show.venue?.timezone);
  return (
    <time className="show-when" dateTime={when.machine ?? undefined}>
      {when.date}
      {!dateOnly && when.time ? ` · ${when.time}` : ""}
      {!dateOnly && when.zone ? ` ${when.zone}` : ""}
    </time>
  );
}

const STATUS_LABELS: Record<string, string> = {
  cancelled: "Cancelled",
  postponed: "Postponed",
  rescheduled: "Rescheduled",
  completed: "Played",
};

export function StatusBadge({ status }: { status: string }) {
  const label = STATUS_LABELS[status];
  return label ? <span className={`badge badge-${status}`}>{label}</span> : null;
}

export function ShowCard({ show, showArtist = true }: { show: ShowCardData; showArtist?: boolean }) {
  return (
    <li className="card show-card">
      <Link to={`/shows/${show.id}`} className="card-link">
        {showArtist && show.artist ? <span className="card-kicker">{show.artist.name}</span> : null}
        <span className="card-title">{show.name}</span>
        <span className="card-meta">{placeLabel(show.venue)}</span>
        <ShowWhen show={show} />
        <StatusBadge status={show.status} />
      </Link>
    </li>
  );
}

export interface ArtistCardData {
  name: string;
  slug: string;
  image_url: string | null;
  genres?: string[];
}

export function ArtistCard({ artist }: { artist: ArtistCardData }) {
  return (
    <li className="card artist-card">
      <Link to={`/artists/${artist.slug}`} className="card-link">
        <ArtistImage artist={artist} />
        <span className="card-title">{artist.name}</span>
        {artist.genres?.length ? <span className="card-meta">{artist.genres.slice(0, 2).join(" · ")}</span> : null}
      </Link>
    </li>
  );
}

export function ArtistImage({ artist, size = "small" }: { artist: ArtistCardData; size?: "small" | "large" }) {
  const initials = artist.name.split(/\s+/).slice(0, 2).map((word) => word[0]?.toUpperCase() ?? "").join("");
  return artist.image_url
    ? <img className={`artist-image artist-image-${size}`} src={artist.image_url} alt="" loading="lazy" />
    : <span className={`artist-image artist-image-${size} artist-initials`} aria-hidden="true">{initials}</span>;
}
