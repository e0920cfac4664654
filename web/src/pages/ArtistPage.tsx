import { useParams } from "react-router-dom";
import { usePageTitle } from "../app/Layout.tsx";
import { ArtistHeader, ArtistView } from "../components/ArtistView.tsx";
import { SubscribeToArtist } from "../components/CalendarLinks.tsx";
import { PredictionAccuracyChart } from "../components/PredictionAccuracyChart.tsx";
import { EmptyState, ErrorState, Skeleton } from "../components/States.tsx";
import { useArtistQuery } from "../data/artists.ts";
import { Link } from "react-router-dom";
import { FollowButton } from "../components/FollowButton.tsx";

export default function ArtistPage() {
  const { slug = "" } = useParams();
  const query = useArtistQuery(slug);
  usePageTitle(query.data?.name ?? "Artist");
  if (query.isPending) return <Skeleton lines={8} label="Loading artist" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  if (!query.data) {
    return (
      <EmptyState title="We don't know this artist">
        <Link to={`/search?q=${encodeURIComponent(slug.replace(/-/g, " "))}`}>Search for them</Link>
      </EmptyState>
    );
  }
  return (
    <div className="page artist-page">
      <ArtistHeader artist={query.data} />
      <SubscribeToArtist slug={query.data.slug} name={query.data.name} />
      <div className="artist-fans">
        <FollowButton artistId={query.data.id} artistName={query.data.name} />
        <Link to={`/leaderboard/artists/${query.data.slug}`}>Top fans</Link>
      </div>
      <ArtistView artist={query.data} />
      <PredictionAccuracyChart artistId={query.data.id} />
    </div>
  );
}
