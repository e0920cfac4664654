// The venue page's address, against the real stack: a venue Ticketmaster gave
// an address and a point shows both, with an OpenStreetMap link at the point;
// one with an address but no point links a map search for the address; one
// with neither says no address is known and searches the map by name.

import { describe, expect, it } from "vitest";
import { screen, within } from "@testing-library/react";
import VenuePage from "./VenuePage.tsx";
import { renderWithApp } from "../../test/render.tsx";
import { appClient } from "../../test/stack.ts";
import { type FixtureWorld, freshWorldEachTest } from "../../test/fixtures.ts";

let world: FixtureWorld;
freshWorldEachTest((fresh) => (world = fresh));

async function venueWith(detail: {
  street_address: string | null;
  postal_code: string | null;
  latitude: number | null;
  longitude: number | null;
}) {
  const venue = await world.venue({ city: "Synthetic Springs", country: "US", timezone: "America/Chicago" });
  const [row] = await world.sql<{ slug: string }[]>`
    update public.venues
    set street_address = ${detail.street_address}, postal_code = ${detail.postal_code},
        latitude = ${detail.latitude}, longitude = ${detail.longitude}
    where id = ${venue.id} returning slug`;
  return { ...venue, slug: row.slug };
}

async function renderVenue(slug: string, name: string) {
  const client = world.trackClient(appClient());
  renderWithApp(<VenuePage />, { client, route: `/venues/${slug}`, path: "/venues/:slug" });
  await screen.findByRole("heading", { level: 1, name }, { timeout: 5_000 });
}

describe("VenuePage address", () => {
  it("shows the street address and postal code, with a map at the venue's point", async () => {
    const venue = await venueWith({
      street_address: "12 Synthetic Street",
      postal_code: "60601",
      latitude: 41.88,
      longitude: -87.63,
    });
    await renderVenue(venue.slug, venue.name);
    const address = screen.getByRole("group", { name: "Address" });
    expect(address).toHaveTextContent("12 Synthetic Street");
    expect(address).toHaveTextContent("60601 Synthetic Springs, US");
    const map = within(address).getByRole("link", { name: /Open the map/ });
    expect(map.getAttribute("href")).toBe("https://www.openstreetmap.org/?mlat=41.88&mlon=-87.63#map=17/41.88/-87.63");
    expect(screen.queryByText(/No street address is known/)).not.toBeInTheDocument();
  });

  it("without a point, the map link searches for the address text", async () => {
    const venue = await venueWith({
      street_address: "7 Synthetic Lane",
      postal_code: "10001",
      latitude: null,
      longitude: null,
    });
    await renderVenue(venue.slug, venue.name);
    const map = screen.getByRole("link", { name: /Search the map/ });
    expect(map.getAttribute("href")).toBe(
      `https://www.openstreetmap.org/search?query=${
        encodeURIComponent("7 Synthetic Lane, 10001 Synthetic Springs, US")
      }`,
    );
  });

  it("without an address, says none is known and searches the map by the venue's name", async () => {
    const venue = await venueWith({ street_address: null, postal_code: null, latitude: null, longitude: null });
    await renderVenue(venue.slug, venue.name);
    expect(screen.getByText("No street address is known for this venue yet.")).toBeInTheDocument();
    const map = screen.getByRole("link", { name: /Search the map/ });
    expect(map.getAttribute("href")).toBe(
      `https://www.openstreetmap.org/search?query=${encodeURIComponent(`${venue.name}, Synthetic Springs, US`)}`,
    );
  });
});
