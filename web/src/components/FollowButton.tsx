// Follow / Following on the artist page, with the artist's real follower
// count (artist_follower_counts). A visitor who follows becomes a guest; the
// follow stays theirs when they create an account.

import { useFollowStateQuery, useToggleFollow } from "../data/fans.ts";

export function FollowButton({ artistId, artistName }: { artistId: string; artistName: string }) {
  const state = useFollowStateQuery(artistId);
  const toggle = useToggleFollow(artistId);
  const following = state.data?.following ?? false;
  const followers = state.data?.followers ?? 0;
  return (
    <div className="follow">
      <button
        type="button"
        className={following ? "button" : "button button-primary"}
        aria-pressed={following}
        disabled={state.isPending || toggle.isPending}
        onClick={() => toggle.mutate(!following)}
      >
        {following ? "Following" : `Follow ${artistName}`}
      </button>
      <span className="card-meta" data-testid="follower-count">
        {state.isPending ? "" : `${followers} ${followers === 1 ? "follower" : "followers"}`}
      </span>
      {toggle.error ? <p className="form-error" role="alert">{toggle.error.message}</p> : null}
    </div>
  );
}
