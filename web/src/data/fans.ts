// A fan's own profile (handle, home city) and the artists they follow. The
// database validates handles and counts followers (set_profile, follow_artist,
// unfollow_artist, artist_follower_counts); this module only reads and calls.

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TheSetClient } from "../lib/supabase.ts";
import type { TableRow } from "../lib/database.ts";
import { type AppError, toAppError } from "../lib/refusals.ts";
import { ensureSignedIn, useSession } from "./auth.tsx";
import { useSupabase } from "./client.tsx";
import { useFanQuery } from "./fanQuery.ts";
import { useSettingsRowQuery } from "./settings.ts";
import { queryKeys } from "./keys.ts";
import type { Artist } from "./artists.ts";

export interface Profile {
  handle: string | null;
  home_city: string | null;
  /** the home point for "near you" (set with a city picked on /near); both or neither */
  home_latitude: number | null;
  home_longitude: number | null;
}

const NO_PROFILE: Profile = { handle: null, home_city: null, home_latitude: null, home_longitude: null };

export type FanRules = TableRow<"fan_rules">;

/** "Ada Lovelace" -> "AL", "ada_99" -> "AD": the avatar when a fan has no picture (none do). */
export function initials(handle: string | null | undefined): string {
  const words = (handle ?? "").split(/[\s_]+/).filter(Boolean);
  if (words.length === 0) return "?";
  const letters = words.length > 1 ? words[0][0] + words[1][0] : words[0].slice(0, 2);
  return letters.toUpperCase();
}

export async function fetchMyProfile(client: TheSetClient, userId: string): Promise<Profile> {
  const { data, error } = await client.from("profiles").select("handle, home_city, home_latitude, home_longitude")
    .eq("user_id", userId).maybeSingle();
  if (error) throw toAppError(error);
  return data ?? NO_PROFILE;
}

/** set_profile sets the whole profile: a caller passes every field, the ones it keeps as they were too. */
export async function saveProfile(client: TheSetClient, profile: Profile): Promise<Profile> {
  const { data, error } = await client.rpc("set_profile", {
    handle: profile.handle ?? "",
    home_city: profile.home_city ?? "",
    home_latitude: profile.home_latitude ?? undefined,
    home_longitude: profile.home_longitude ?? undefined,
  });
  if (error) throw toAppError(error);
  const saved = data as unknown as Profile;
  return {
    handle: saved.handle,
    home_city: saved.home_city,
    home_latitude: saved.home_latitude,
    home_longitude: saved.home_longitude,
  };
}

export function useMyProfileQuery() {
  return useFanQuery(queryKeys.fans.profile, fetchMyProfile);
}

export function useSaveProfile() {
  const client = useSupabase();
  const queryClient = useQueryClient();
  const { user } = useSession();
  return useMutation<Profile, AppError, Profile>({
    mutationFn: (profile) => saveProfile(client, profile),
    onSuccess: (saved) => {
      if (user) queryClient.setQueryData(queryKeys.fans.profile(user.id), saved);
    },
  });
}

export function useFanRulesQuery() {
  return useSettingsRowQuery("fan_rules");
}

// ---------------------------------------------------------------------------
// follows
// ---------------------------------------------------------------------------

export interface FollowState {
  following: boolean;
  followers: number;
}

export async function fetchFollowState(
  client: TheSetClient,
  userId: string | null,
  artistId: string,
): Promise<FollowState> {
  const [count, mine] = await Promise.all([
    client.from("artist_follower_counts").select("followers").eq("artist_id", artistId).maybeSingle(),
    userId
      ? client.from("follows").select("artist_id").eq("user_id", userId).eq("artist_id", artistId).maybeSingle()
      : Promise.resolve({ data: null, error: null }),
  ]);
  if (count.error) throw toAppError(count.error);
  if (mine.error) throw toAppError(mine.error);
  return { following: Boolean(mine.data), followers: count.data?.followers ?? 0 };
}

export function useFollowStateQuery(artistId: string) {
  const client = useSupabase();
  const { ready, user } = useSession();
  return useQuery({
    queryKey: queryKeys.fans.following(user?.id ?? null, artistId),
    queryFn: () => fetchFollowState(client, user?.id ?? null, artistId),
    enabled: ready,
    // a visitor's first follow signs them in as a guest, which changes the key: keep showing the last answer
    placeholderData: keepPreviousData,
  });
}

/** Follow or unfollow (signing a visitor in as a guest first), optimistically, rolled back on a refusal. */
export function useToggleFollow(artistId: string) {
  const client = useSupabase();
  const queryClient = useQueryClient();
  return useMutation<FollowState, AppError, boolean, { key: readonly unknown[]; before?: FollowState }>({
    mutationFn: async (follow) => {
      await ensureSignedIn(client);
      const { data, error } = await client.rpc(follow ? "follow_artist" : "unfollow_artist", { artist_id: artistId });
      if (error) throw toAppError(error);
      return data as unknown as FollowState;
    },
    onMutate: async (follow) => {
      const { data } = await client.auth.getSession();
      const key = queryKeys.fans.following(data.session?.user.id ?? null, artistId);
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<FollowState>(key);
      if (before && before.following !== follow) {
        queryClient.setQueryData<FollowState>(key, {
          following: follow,
          followers: Math.max(0, before.followers + (follow ? 1 : -1)),
        });
      }
      return { key, before };
    },
    onError: (_error, _follow, context) => {
      if (context?.before) queryClient.setQueryData(context.key, context.before);
    },
    onSuccess: async (result) => {
      const { data } = await client.auth.getSession();
      const userId = data.session?.user.id ?? null;
      // a read started before the RPC committed must not overwrite its answer
      await queryClient.cancelQueries({ queryKey: queryKeys.fans.following(userId, artistId) });
      queryClient.setQueryData<FollowState>(queryKeys.fans.following(userId, artistId), {
        following: result.following,
        followers: result.followers,
      });
      if (userId) void queryClient.invalidateQueries({ queryKey: queryKeys.fans.myArtists(userId) });
    },
  });
}

export async function fetchMyArtists(client: TheSetClient): Promise<Artist[]> {
  const { data, error } = await client.rpc("my_followed_artists");
  if (error) throw toAppError(error);
  return (data ?? []) as Artist[];
}

export function useMyArtistsQuery() {
  return useFanQuery(queryKeys.fans.myArtists, fetchMyArtists);
}
