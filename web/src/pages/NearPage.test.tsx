// "Shows near you" keeps the fan's place where it belongs, against the real
// stack: a signed-in fan's picked city is saved to their profile (set_profile)
// and read back from it on the next visit, with nothing in local storage; a
// guest's place (no session, or an anonymous one) stays in local storage and
// no profile is written; the browser's location is asked for only on the
// button, and a signed-in fan's location is not saved.

import { describe, expect, it, vi } from "vitest";
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import NearPage from "./NearPage.tsx";
import { renderWithApp } from "../../test/render.tsx";
import { appClient } from "../../test/stack.ts";
import { type FixtureWorld, freshWorldEachTest } from "../../test/fixtures.ts";
import type { TheSetClient } from "../lib/supabase.ts";

const DAY = 86_400_000;
const STORAGE_KEY = "theset.homePlace";
let world: FixtureWorld;
freshWorldEachTest((fresh) => (world = fresh));

/** A city of the test's own, with one upcoming show at a venue with a point. */
async function cityWithAShow() {
  const artist = await world.artist();
  const venue = await world.venue({ city: world.name("City"), country: "NZ", timezone: "Pacific/Auckland" });
  await world.sql`update public.venues set latitude = -36.85, longitude = 174.76 where id = ${venue.id}`;
  const show = await world.show(artist, venue, { startsAt: new Date(Date.now() + 5 * DAY) });
  return { city: venue.city, label: `${venue.city}, NZ`, show };
}

function renderNear(client: TheSetClient) {
  return renderWithApp(<NearPage />, { client, route: "/near", path: "/near" });
}

async function pickCity(label: string) {
  const select = await screen.findByLabelText("City");
  const option = await within(select).findByRole("option", { name: `${label} (1)` }, { timeout: 5_000 });
  await userEvent.selectOptions(select, option);
}

async function showListed(name: string) {
  const section = screen.getByRole("region", { name: /Upcoming shows/ });
  expect(await within(section).findByText(name, undefined, { timeout: 5_000 })).toBeInTheDocument();
}

/** A city with a show, picked on /near by a new fan of this kind; resolves once the show is listed. */
async function pickedByFan(kind: "email" | "guest") {
  const picked = await cityWithAShow();
  const fan = await world.fan(kind);
  renderNear(fan.client);
  await pickCity(picked.label);
  await showListed(picked.show.name);
  return { ...picked, fan };
}

async function profileOf(userId: string) {
  const rows = await world.sql<{ home_city: string | null; home_latitude: number | null }[]>`
    select home_city, home_latitude from public.profiles where user_id = ${userId}`;
  return rows[0] ?? null;
}

describe("NearPage: where the place is kept", () => {
  it("a signed-in fan's picked city is saved to the profile and read back from it on the next visit", async () => {
    const { city, label, show, fan } = await pickedByFan("email");
    expect(await screen.findByText("Saved to your profile as your home city.")).toBeInTheDocument();
    const saved = await profileOf(fan.userId);
    expect(saved?.home_city).toBe(city);
    expect(saved?.home_latitude).toBeCloseTo(-36.85, 5);
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull();

    // the next visit (a fresh query cache) starts from the profile
    cleanup();
    renderNear(fan.client);
    expect(await screen.findByRole("heading", { level: 1, name: `Shows near ${label}` }, { timeout: 5_000 }))
      .toBeInTheDocument();
    await showListed(show.name);
    expect(screen.getByText("Your profile's home city.")).toBeInTheDocument();
  });

  it("a home city set on the profile elsewhere (any case, no point) is where a signed-in fan's page looks", async () => {
    const { city, label, show } = await cityWithAShow();
    const fan = await world.fan("email");
    const { error } = await fan.client.rpc("set_profile", { handle: "", home_city: city.toUpperCase() });
    expect(error).toBeNull();
    // a guest's place left in this browser is not the signed-in fan's
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ kind: "city", city: "Elsewhere", country: "GB", label: "X" }));
    renderNear(fan.client);
    expect(await screen.findByRole("heading", { level: 1, name: `Shows near ${label}` }, { timeout: 5_000 }))
      .toBeInTheDocument();
    await showListed(show.name);
  });

  it("clearing the home city clears it on the profile", async () => {
    const { fan } = await pickedByFan("email");
    await userEvent.click(screen.getByRole("button", { name: "Clear my home city" }));
    await waitFor(async () => expect((await profileOf(fan.userId))?.home_city).toBeNull());
    expect(screen.getByRole("heading", { level: 1, name: "Shows near you" })).toBeInTheDocument();
  });

  it("a visitor without a session keeps the city in local storage", async () => {
    const { city, label, show } = await cityWithAShow();
    renderNear(world.trackClient(appClient()));
    await pickCity(label);
    await showListed(show.name);
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null")).toMatchObject({
      kind: "city",
      city,
      country: "NZ",
    });
    expect(screen.getByText("Kept in this browser only.")).toBeInTheDocument();

    cleanup();
    renderNear(world.trackClient(appClient()));
    expect(await screen.findByRole("heading", { level: 1, name: `Shows near ${label}` })).toBeInTheDocument();
  });

  it("a guest (anonymous session) keeps the city in local storage and gets no profile row", async () => {
    const { city, fan: guest } = await pickedByFan("guest");
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null")).toMatchObject({ kind: "city", city });
    expect(await profileOf(guest.userId)).toBeNull();
  });

  it("asks for the browser's location only on the button; a signed-in fan's location is not saved", async () => {
    const getCurrentPosition = vi.fn((success: PositionCallback) =>
      success({ coords: { latitude: -36.851, longitude: 174.762 } } as GeolocationPosition)
    );
    vi.stubGlobal("navigator", { ...navigator, geolocation: { getCurrentPosition } });
    try {
      const { show } = await cityWithAShow();
      const fan = await world.fan("email");
      renderNear(fan.client);
      expect(await screen.findByText("Pick a city, or share your location", undefined, { timeout: 5_000 }))
        .toBeInTheDocument();
      expect(getCurrentPosition).not.toHaveBeenCalled();
      await userEvent.click(screen.getByRole("button", { name: "Use my location" }));
      expect(getCurrentPosition).toHaveBeenCalledTimes(1);
      await showListed(show.name);
      expect(screen.getByText("Your location is used for this visit only; it is not saved.")).toBeInTheDocument();
      expect(await profileOf(fan.userId)).toBeNull();
      expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
