// An artist's tours (setlist.fm's tour names), latest first, each linking to its page.

import { Link } from "react-router-dom";
import { useArtistToursQuery } from "../data/browse.ts";
import { Skeleton } from "./States.tsx";

function year(iso: string | null): string {
  return iso ? iso.slice(0, 4) : "";
}

export function Tours({ artistId, artistSlug }: { artistId: string; artistSlug: string }) {
  const tours = useArtistToursQuery(artistId);
  if (tours.isPending) return <Skeleton lines={2} label="Loading tours" />;
  // a tour list is an extra: without tours (or on an error) the section stays away
  if (tours.isError || !tours.data.length) return null;
  return (
    <section aria-labelledby="tours">
      <h2 id="tours">Tours</h2>
      <ul className="most-played">
        {tours.data.map((tour) => (
          <li key={tour.tour_slug}>
            <Link to={`/artists/${artistSlug}/tours/${tour.tour_slug}`}>{tour.tour_name}</Link>
            <span className="count">
              {tour.shows} {tour.shows === 1 ? "show" : "shows"} · {year(tour.first_date)}
              {year(tour.last_date) !== year(tour.first_date) ? `–${year(tour.last_date)}` : ""}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
