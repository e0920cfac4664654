// Where "shows near you" looks. A signed-in fan's place is their profile
// (profiles.home_city, with home_latitude/home_longitude when saved): a city
// picked on /near is saved there with set_profile, and read back from there on
// any device. A guest (no account, or an anonymous session) keeps the place in
// this browser's local storage (lib/homePlace.ts). The browser's location is
// asked for only when the fan presses the button; a signed-in fan's is used for
// this visit and not written to the profile.

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { TheSetClient } from "../lib/supabase.ts";
import { type Place, useHomePlace } from "../lib/homePlace.ts";
import { toAppError } from "../lib/refusals.ts";
import { useSession } from "./auth.tsx";
import { useSupabase } from "./client.tsx";
import { type Profile, useFanRulesQuery, useMyProfileQuery, useSaveProfile } from "./fans.ts";
import { queryKeys } from "./keys.ts";
import { marketLabel, type PlaceHit } from "./near.ts";

export interface ProfilePlace {
  place: Place | null;
  /** a home city no venue we know is in (so there is nothing to look up), else null */
  unknownCity: string | null;
}

/**
 * The profile's home city as a place. The city is looked up with search_places (the
 * database's matching, typo-tolerant), choosing among namesakes the one nearest the saved
 * point; a city no venue is in falls back to the saved point (fan_rules.nearby_km around it).
 */
export async function resolveProfilePlace(
  client: TheSetClient,
  profile: Pick<Profile, "home_city" | "home_latitude" | "home_longitude">,
  nearbyKm: number,
): Promise<ProfilePlace> {
  const { home_city: city, home_latitude: latitude, home_longitude: longitude } = profile;
  const point: Place | null = latitude !== null && longitude !== null
    ? { kind: "point", latitude, longitude, radiusKm: nearbyKm, label: city ?? "your saved location" }
    : null;
  if (!city) return { place: point, unknownCity: null };
  const { data, error } = await client.rpc("search_places", { query: city, max_results: 25 });
  // a city shorter than search_rules.min_query_length is not looked up: no venue's city, as before the refusal
  const refusal = error ? toAppError(error) : null;
  if (refusal && refusal.code !== "search_query_too_short") throw refusal;
  const cities = ((refusal ? [] : data ?? []) as PlaceHit[]).filter((hit) =>
    hit.kind === "city" && hit.city && hit.country
  );
  // nearest to the saved point (a flat comparison is enough to tell namesakes apart), else the best match
  const offset = (hit: PlaceHit) =>
    point?.kind === "point" && hit.latitude !== null && hit.longitude !== null
      ? (hit.latitude - point.latitude) ** 2 + (hit.longitude - point.longitude) ** 2
      : Number.POSITIVE_INFINITY;
  const best = point ? [...cities].sort((a, b) => offset(a) - offset(b))[0] : cities[0];
  if (best) {
    return {
      place: {
        kind: "city",
        city: best.city!,
        country: best.country!,
        label: marketLabel({ city: best.city!, state: best.state, country: best.country! }),
      },
      unknownCity: null,
    };
  }
  return { place: point, unknownCity: point ? null : city };
}

export interface NearPlace {
  place: Place | null;
  /** where a picked city is kept: the profile (signed in) or this browser (a guest) */
  keptIn: "profile" | "browser";
  /** still reading the profile: the page waits rather than showing "pick a city" */
  loading: boolean;
  unknownCity: string | null;
  setPlace: (place: Place | null) => void;
  saving: boolean;
  saved: boolean;
  saveError: Error | null;
}

export function useNearPlace(): NearPlace {
  const client = useSupabase();
  const { user, isGuest, ready } = useSession();
  const signedIn = Boolean(user) && !isGuest;
  const [localPlace, setLocalPlace] = useHomePlace();
  // what a signed-in fan chose on this visit (a location, a city, or none), over what the profile said
  const [chosen, setChosen] = useState<{ place: Place | null } | null>(null);
  const profile = useMyProfileQuery();
  const rules = useFanRulesQuery();
  const save = useSaveProfile();
  const home = profile.data;
  const resolved = useQuery({
    queryKey: queryKeys.near.profilePlace(
      user?.id ?? "",
      home && [home.home_city, home.home_latitude, home.home_longitude],
      rules.data?.nearby_km,
    ),
    queryFn: () => resolveProfilePlace(client, home!, rules.data!.nearby_km),
    enabled: signedIn && Boolean(home) && Boolean(rules.data),
  });

  if (!signedIn) {
    return {
      place: localPlace,
      keptIn: "browser",
      loading: !ready,
      unknownCity: null,
      setPlace: setLocalPlace,
      saving: false,
      saved: false,
      saveError: null,
    };
  }

  const setPlace = (next: Place | null) => {
    // forgetting this visit's location goes back to the home city; it does not clear it
    if (next === null && chosen?.place?.kind === "point") {
      setChosen(null);
      return;
    }
    setChosen({ place: next });
    save.reset();
    // a location is for this visit only; a city (or forgetting it) is the profile's
    if (next?.kind === "point" || !home) return;
    save.mutate({
      handle: home.handle,
      home_city: next?.kind === "city" ? next.city : null,
      home_latitude: next?.kind === "city" ? next.latitude ?? null : null,
      home_longitude: next?.kind === "city" ? next.longitude ?? null : null,
    });
  };
  return {
    place: chosen ? chosen.place : resolved.data?.place ?? null,
    keptIn: "profile",
    loading: chosen === null && (profile.isPending || rules.isPending || resolved.isPending),
    unknownCity: chosen ? null : resolved.data?.unknownCity ?? null,
    setPlace,
    saving: save.isPending,
    saved: save.isSuccess,
    saveError: save.error,
  };
}
