// Venues and cities matching a search, typo-tolerant (search_places): a venue
// opens its page, a city its upcoming shows.

import { Link } from "react-router-dom";
import { usePlaceSearchQuery } from "../data/near.ts";
import { useHomePlace } from "../lib/homePlace.ts";
import { EmptyState, ErrorState, Skeleton } from "./States.tsx";

export function PlaceResults({ text }: { text: string }) {
  const query = usePlaceSearchQuery(text);
  const [, setPlace] = useHomePlace();
  if (query.isPending) return <Skeleton lines={2} label="Looking for venues and cities" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  if (query.data.length === 0) return <EmptyState title={`No venue or city matching “${text}”`} />;
  return (
    <ul className="result-list">
      {query.data.map((hit) => {
        const where = [hit.city, hit.state ?? hit.country].filter(Boolean).join(", ");
        return (
          <li key={`${hit.kind}:${hit.slug ?? `${hit.country}:${hit.name}`}`} className="result-row">
            <div className="result-main">
              {hit.kind === "venue" && hit.slug
                ? <Link to={`/venues/${hit.slug}`} className="card-title">{hit.name}</Link>
                : (
                  <Link
                    to="/near"
                    className="card-title"
                    onClick={() =>
                      setPlace({ kind: "city", city: hit.name, country: hit.country ?? "", label: where || hit.name })}
                  >
                    {hit.name}
                  </Link>
                )}
              <span className="card-meta">{hit.kind === "venue" ? `Venue · ${where}` : `City · ${where}`}</span>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
