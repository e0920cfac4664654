import { useParams } from "react-router-dom";
import { usePageTitle } from "../app/Layout.tsx";
import { ArtistHeader, ArtistView } from "../components/ArtistView.tsx";
import { SubscribeToArtist } from "../components/CalendarLinks.tsx";
import { PredictionAccuracyChart } from "../components/PredictionAccuracyChart.tsx";
import { QueryView, searchForSlug } from "../components/States.tsx";
import { useArtistQuery } from "../data/artists.ts";
import { Link } from "react-router-dom";
import { FollowButton } from "../components/FollowButton.tsx";

export default function ArtistPage() {
  const { slug = "" } = useParams();
  const query = useArtistQuery(slug);
  usePageTitle(query.data?.name ?? "Artist");
  const unknown = { what: "artist", to: searchForSlug(slug), link: "Search for them" };
  return (
    <QueryView query={query} lines={8} loading="Loading artist" unknown={unknown}>
      {(artist) => (
        <div className="page artist-page">
          <ArtistHeader artist={artist} />
          <SubscribeToArtist slug={artist.slug} name={artist.name} />
          <div className="artist-fans">
            <FollowButton artistId={artist.id} artistName={artist.name} />
            <Link to={`/leaderboard/artists/${artist.slug}`}>Top fans</Link>
          </div>
          <ArtistView artist={artist} />
          <PredictionAccuracyChart artistId={artist.id} />
        </div>
      )}
    </QueryView>
  );
}
