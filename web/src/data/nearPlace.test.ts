// resolveProfilePlace against the real stack: a saved home city is looked up with search_places, which
// takes search_rules' shortest query; a city shorter than that (one letter) is refused there
// (search_query_too_short) and read here as a city no venue is in, not as an error.

import { describe, expect, it } from "vitest";
import { appClient } from "../../test/stack.ts";
import { type FixtureWorld, freshWorldEachTest } from "../../test/fixtures.ts";
import { resolveProfilePlace } from "./nearPlace.ts";

let world: FixtureWorld;
freshWorldEachTest((fresh) => (world = fresh));

describe("resolveProfilePlace", () => {
  it("finds a saved city among the venues' cities", async () => {
    const venue = await world.venue();
    const client = world.trackClient(appClient());
    const found = await resolveProfilePlace(
      client,
      { home_city: venue.city, home_latitude: null, home_longitude: null },
      50,
    );
    expect(found.place).toMatchObject({ kind: "city", city: venue.city, country: venue.country });
    expect(found.unknownCity).toBeNull();
  });

  it("reads a city shorter than search_rules allows as unknown, and keeps a saved point", async () => {
    const client = world.trackClient(appClient());
    await expect(client.rpc("search_places", { query: "Q" })).resolves.toMatchObject({
      error: { message: "search_query_too_short" },
    });
    const unknown = await resolveProfilePlace(
      client,
      { home_city: "Q", home_latitude: null, home_longitude: null },
      50,
    );
    expect(unknown).toEqual({ place: null, unknownCity: "Q" });
    const withPoint = await resolveProfilePlace(
      client,
      { home_city: "Q", home_latitude: 52.5, home_longitude: 13.4 },
      50,
    );
    expect(withPoint).toEqual({
      place: { kind: "point", latitude: 52.5, longitude: 13.4, radiusKm: 50, label: "Q" },
      unknownCity: null,
    });
  });
});
