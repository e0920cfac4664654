// The fan's place for "shows near you": a city they picked, or a point the
// browser gave when they asked for it (never asked for unprompted). A guest's
// place lives in local storage, here; a signed-in fan's is their profile's home
// city (data/nearPlace.ts, which falls back to this store for guests).

import { useCallback, useSyncExternalStore } from "react";

export type Place =
  | {
    kind: "city";
    city: string;
    country: string;
    label: string;
    /** the middle of the city's venues, when known: saved with a signed-in fan's home city */
    latitude?: number | null;
    longitude?: number | null;
  }
  | { kind: "point"; latitude: number; longitude: number; radiusKm: number; label: string };

export interface PlaceStore {
  read(): Place | null;
  write(place: Place | null): void;
  subscribe(onChange: () => void): () => void;
}

const STORAGE_KEY = "theset.homePlace";

function parsePlace(raw: string | null): Place | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<Place>;
    if (value.kind === "city" && typeof value.city === "string" && typeof value.country === "string") {
      return { kind: "city", city: value.city, country: value.country, label: String(value.label ?? value.city) };
    }
    if (
      value.kind === "point" && typeof value.latitude === "number" && typeof value.longitude === "number" &&
      Math.abs(value.latitude) <= 90 && Math.abs(value.longitude) <= 180
    ) {
      return {
        kind: "point",
        latitude: value.latitude,
        longitude: value.longitude,
        radiusKm: typeof value.radiusKm === "number" ? value.radiusKm : 50,
        label: String(value.label ?? "Your location"),
      };
    }
  } catch {
    // a damaged entry is no place
  }
  return null;
}

/** A guest's place, in this browser's local storage (shared by its tabs). */
export function localPlaceStore(storage: Storage | undefined = globalThis.localStorage): PlaceStore {
  const listeners = new Set<() => void>();
  let cachedRaw: string | null | undefined;
  let cached: Place | null = null;
  const onStorage = (event: StorageEvent) => {
    if (event.key === STORAGE_KEY) listeners.forEach((listener) => listener());
  };
  return {
    read() {
      const raw = storage?.getItem(STORAGE_KEY) ?? null;
      // the same answer for the same stored text, as useSyncExternalStore needs
      if (raw !== cachedRaw) {
        cachedRaw = raw;
        cached = parsePlace(raw);
      }
      return cached;
    },
    write(place) {
      if (place) storage?.setItem(STORAGE_KEY, JSON.stringify(place));
      else storage?.removeItem(STORAGE_KEY);
      listeners.forEach((listener) => listener());
    },
    subscribe(onChange) {
      listeners.add(onChange);
      if (listeners.size === 1) globalThis.addEventListener?.("storage", onStorage);
      return () => {
        listeners.delete(onChange);
        if (listeners.size === 0) globalThis.removeEventListener?.("storage", onStorage);
      };
    },
  };
}

const defaultStore = localPlaceStore();

export function useHomePlace(store: PlaceStore = defaultStore): [Place | null, (place: Place | null) => void] {
  const place = useSyncExternalStore(store.subscribe, store.read, () => null);
  const setPlace = useCallback((next: Place | null) => store.write(next), [store]);
  return [place, setPlace];
}
