// /near: upcoming shows near the fan's place. The place is a city they pick
// or, only when they press the button, the browser's location. A signed-in
// fan's city is their profile's home city; a guest's place is kept in this
// browser (useNearPlace). Date filters and paging.

import { useState } from "react";
import { usePageMeta } from "../app/meta.ts";
import { ShowCard } from "../components/Cards.tsx";
import { Pager } from "../components/Pager.tsx";
import { CardGridSkeleton, EmptyState, ErrorState } from "../components/States.tsx";
import { type DateWindow, marketLabel, NEAR_PAGE_SIZE, useMarketsQuery, useShowsNearQuery } from "../data/near.ts";
import { type NearPlace, useNearPlace } from "../data/nearPlace.ts";
import type { Place } from "../lib/homePlace.ts";
import { localDateIn } from "../lib/time.ts";

type WindowChoice = "all" | "week" | "month" | "range";

/** The two ends of a chosen date range, as the range form labels them. */
const RANGE_ENDS = [["from", "From"], ["to", "To"]] as const;

function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The dates a choice covers, from today in the fan's own zone. */
export function windowFor(choice: WindowChoice, range: DateWindow, now: Date): DateWindow {
  const today = localDateIn(Intl.DateTimeFormat().resolvedOptions().timeZone, now);
  if (choice === "week") return { from: today, to: addDays(today, 6) };
  if (choice === "month") {
    const [y, m] = today.split("-").map(Number);
    return { from: today, to: new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10) };
  }
  if (choice === "range") return { from: range.from || null, to: range.to || null };
  return { from: null, to: null };
}

function PlacePicker({ onPick }: { onPick: (place: Place) => void }) {
  const markets = useMarketsQuery();
  const [locating, setLocating] = useState(false);
  const [locationError, setLocationError] = useState<string | null>(null);
  const askForLocation = () => {
    if (!navigator.geolocation) {
      setLocationError("This browser can't share a location. Pick a city instead.");
      return;
    }
    setLocating(true);
    setLocationError(null);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        onPick({
          kind: "point",
          latitude: Math.round(position.coords.latitude * 100) / 100,
          longitude: Math.round(position.coords.longitude * 100) / 100,
          radiusKm: 50,
          label: "your location",
        });
      },
      () => {
        setLocating(false);
        setLocationError("The location wasn't shared. Pick a city instead.");
      },
      { maximumAge: 600_000, timeout: 15_000 },
    );
  };
  return (
    <div className="place-picker">
      <label htmlFor="near-city">City</label>
      <select
        id="near-city"
        value=""
        onChange={(event) => {
          const market = markets.data?.[Number(event.target.value)];
          if (!market) return;
          onPick({
            kind: "city",
            city: market.city,
            country: market.country,
            label: marketLabel(market),
            latitude: market.latitude,
            longitude: market.longitude,
          });
        }}
      >
        <option value="">{markets.isPending ? "Loading cities…" : "Pick a city"}</option>
        {(markets.data ?? []).map((market, index) => (
          <option key={`${market.country}:${market.city}`} value={index}>
            {marketLabel(market)} ({market.shows})
          </option>
        ))}
      </select>
      <button type="button" className="button" onClick={askForLocation} disabled={locating}>
        {locating ? "Asking…" : "Use my location"}
      </button>
      {locationError ? <p className="form-error" role="alert">{locationError}</p> : null}
    </div>
  );
}

/** Where the place is kept, whether the save to the profile worked, and a way to forget it. */
function PlaceKept({ near, onForget }: { near: NearPlace; onForget: () => void }) {
  const { place } = near;
  const note = near.keptIn === "browser"
    ? place ? "Kept in this browser only." : null
    : near.saving
    ? "Saving to your profile…"
    : near.saveError
    ? null
    : place?.kind === "point"
    ? "Your location is used for this visit only; it is not saved."
    : place
    ? near.saved ? "Saved to your profile as your home city." : "Your profile's home city."
    : null;
  return (
    <div className="place-kept">
      {note ? <p className="hint" role="status">{note}</p> : null}
      {near.saveError ? <p className="form-error" role="alert">{near.saveError.message}</p> : null}
      {place
        ? (
          <button type="button" className="link-button" onClick={onForget}>
            {near.keptIn === "profile" && place.kind === "city" ? "Clear my home city" : "Forget this place"}
          </button>
        )
        : null}
    </div>
  );
}

export default function NearPage() {
  const near = useNearPlace();
  const { place } = near;
  const [choice, setChoice] = useState<WindowChoice>("all");
  const [range, setRange] = useState<DateWindow>({ from: null, to: null });
  const [page, setPage] = useState(0);
  const window = windowFor(choice, range, new Date());
  const shows = useShowsNearQuery(place, window, page);
  usePageMeta(
    place ? `Shows near ${place.label}` : "Shows near you",
    place ? `Upcoming concerts near ${place.label}, with their predicted setlists.` : "Upcoming concerts near you.",
  );
  const pick = (next: Place | null) => {
    near.setPlace(next);
    setPage(0);
  };
  return (
    <div className="page near-page">
      <h1>{place ? `Shows near ${place.label}` : "Shows near you"}</h1>
      <PlacePicker onPick={pick} />
      <PlaceKept near={near} onForget={() => pick(null)} />
      <div className="segmented" role="group" aria-label="When">
        {([["all", "Any date"], ["week", "This week"], ["month", "This month"], ["range", "Dates…"]] as const).map((
          [value, label],
        ) => (
          <button
            key={value}
            type="button"
            className="segment"
            aria-pressed={choice === value}
            onClick={() => {
              setChoice(value);
              setPage(0);
            }}
          >
            {label}
          </button>
        ))}
      </div>
      {choice === "range"
        ? (
          <div className="date-range">
            {RANGE_ENDS.map(([end, label]) => (
              <label key={end}>
                {label}{" "}
                <input
                  type="date"
                  value={range[end] ?? ""}
                  onChange={(event) => setRange({ ...range, [end]: event.target.value || null })}
                />
              </label>
            ))}
          </div>
        )
        : null}
      <section aria-labelledby="near-shows">
        <h2 id="near-shows">
          Upcoming shows {shows.data ? <span className="count">{shows.data.total}</span> : null}
        </h2>
        {near.loading
          ? <CardGridSkeleton cards={6} label="Loading your home city" />
          : !place && near.unknownCity
          ? (
            <EmptyState title={`We know no venues in ${near.unknownCity} yet`}>
              Your profile's home city. Pick a city from the list to see shows nearby.
            </EmptyState>
          )
          : !place
          ? <EmptyState title="Pick a city, or share your location">Nothing is looked up until you do.</EmptyState>
          : shows.isPending || shows.isPlaceholderData
          ? <CardGridSkeleton cards={6} label="Loading shows" />
          : shows.isError
          ? <ErrorState error={shows.error} onRetry={() => shows.refetch()} />
          : shows.data.shows.length === 0
          ? <EmptyState title="No upcoming shows here on these dates" />
          : (
            <>
              <ul className="card-grid">{shows.data.shows.map((show) => <ShowCard key={show.id} show={show} />)}</ul>
              <Pager
                page={page}
                pageSize={NEAR_PAGE_SIZE}
                total={shows.data.total}
                onPage={setPage}
                label="Shows pages"
              />
            </>
          )}
      </section>
    </div>
  );
}
