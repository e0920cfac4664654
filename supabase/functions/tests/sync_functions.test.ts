// The sync functions' handlers, called directly with a Request as the
// function server would, against the stack's database and a private demo
// upstream: who may call them, what bodies they accept, and what one run
// leaves behind (sync_runs, rows, sync_errors), with a second run on an
// unchanged upstream changing no row.

import { assert, assertEquals, assertMatch } from "../../../scripts/test/assert.ts";
import { handler as tours } from "../sync-popular-tours/handler.ts";
import { handler as songs } from "../sync-artist-songs/handler.ts";
import { handler as setlists } from "../sync-setlists/handler.ts";
import { handler as importArtist } from "../import-artist/handler.ts";
import { ANON_KEY } from "./support/stack.ts";
import {
  CRON_SECRET,
  PUBLISHABLE_KEY,
  rowVersions,
  SECRET_KEY,
  SERVICE_ROLE_KEY,
  snapshot,
  type World,
  worldTest,
} from "./support/world.ts";

const syncTest = worldTest;

const ONE_MARKET = { markets: [{ city: "Chicago", countryCode: "US" }], trigger: "test" };

/** After the tour sync of ONE_MARKET: one of its artists with a Spotify catalog and past setlists upstream. */
async function syncedArtistWithSetlists(w: World) {
  await w.call(tours, ONE_MARKET);
  const ids = await w.artistIds();
  const data = await w.upstream.dataset();
  const artist = data.artists.find((a) =>
    ids.has(a.tmId) && a.mbid && a.linksMbid && a.spotifyId && (data.setlistsByMbid.get(a.mbid)?.length ?? 0) > 0
  );
  assert(artist, "the demo market has an artist with a catalog and past setlists");
  return { artist, artistId: ids.get(artist.tmId)!, data };
}

async function counts(w: World) {
  const [row] = await w.sql`
    select (select count(*) from public.sync_runs)::int as runs,
           (select count(*) from public.artists where ticketmaster_id like ${`K8vZ9${w.ns}%`})::int as artists`;
  return row;
}

syncTest(
  "a sync without credentials, with a wrong secret or with the anon key is a 401 that writes nothing",
  async (w) => {
    const before = await counts(w);
    const cases: [Record<string, string>, RegExp][] = [
      [{}, /missing credentials/],
      [{ Authorization: "Bearer not-the-secret" }, /invalid credentials/],
      [{ Authorization: `Bearer ${CRON_SECRET}x` }, /invalid credentials/],
      [{ "x-cron-secret": CRON_SECRET.slice(0, -1) }, /invalid credentials/],
      [{ Authorization: `Bearer ${ANON_KEY}` }, /invalid credentials/],
      [{ apikey: PUBLISHABLE_KEY }, /invalid credentials/],
      [{ Authorization: `Bearer ${PUBLISHABLE_KEY}` }, /invalid credentials/],
      [{ apikey: `${SECRET_KEY}x` }, /invalid credentials/],
      // a Bearer names the caller: a secret key in apikey does not lift a wrong Bearer
      [{ Authorization: "Bearer not-the-secret", apikey: SECRET_KEY }, /invalid credentials/],
      [{ Authorization: "Bearer " }, /invalid credentials/],
    ];
    for (const [headers, message] of cases) {
      for (const handler of [tours, songs, setlists, importArtist]) {
        const res = await w.call(handler, ONE_MARKET, headers);
        assertEquals(res.status, 401, JSON.stringify(headers));
        assertEquals(res.body.code, "unauthorized");
        assertMatch(res.body.message, message);
      }
    }
    assertEquals(await counts(w), before, "no run recorded, no row written");
    assertEquals((await w.upstream.stats()).requests.ticketmaster, 0, "no provider was asked");
  },
);

syncTest(
  "the cron secret (Bearer or x-cron-secret), a secret key and the legacy service-role key are let in",
  async (w) => {
    const accepted: Record<string, string>[] = [
      { Authorization: `Bearer ${CRON_SECRET}` },
      { "x-cron-secret": CRON_SECRET },
      // the secret key as supabase-js' functions client sends it (apikey, no Bearer), and as a Bearer
      { apikey: SECRET_KEY },
      { Authorization: `Bearer ${SECRET_KEY}` },
      { Authorization: `Bearer ${SERVICE_ROLE_KEY}` },
    ];
    for (const headers of accepted) {
      const res = await w.call(tours, { ...ONE_MARKET, dry_run: true }, headers);
      assertEquals(res.status, 200, JSON.stringify(res.body));
    }
    const triggers = await w
      .sql`select trigger from public.sync_runs where id = any(${w.runIds}::bigint[]) order by id`;
    assertEquals(triggers.map((t) => t.trigger), accepted.map(() => "test"));
    const implicit = await w.call(tours, { markets: ONE_MARKET.markets, dry_run: true });
    const [row] = await w.sql`select trigger from public.sync_runs where id = ${implicit.body.run_id}`;
    assertEquals(row.trigger, "cron", "without a trigger in the body, the cron secret means cron");
  },
);

syncTest("bad bodies are 400s naming the field, and nothing is recorded", async (w) => {
  const before = await counts(w);
  const cases: [unknown, string, string][] = [
    ["{not json", "invalid_json", ""],
    [[1, 2], "invalid_body", ""],
    [{ limt: 5 }, "invalid_body", "limt"],
    [{ limit: 0 }, "invalid_body", "limit"],
    [{ limit: 2.5 }, "invalid_body", "limit"],
    [{ limit: "10" }, "invalid_body", "limit"],
    [{ dry_run: "yes" }, "invalid_body", "dry_run"],
    [{ artist_id: "not-a-uuid" }, "invalid_body", "artist_id"],
    [{ trigger: "whenever" }, "invalid_body", "trigger"],
    [{ markets: [] }, "invalid_body", "markets"],
    [{ markets: [{ city: "Chicago", countryCode: "USA" }] }, "invalid_body", "markets"],
    [{ days: 400 }, "invalid_body", "days"],
    [{ page_size: 201 }, "invalid_body", "page_size"],
    [{ artist_ids: ["00000000-0000-4000-8000-000000000000"] }, "invalid_body", "artist_ids"],
  ];
  for (const [body, code, field] of cases) {
    const res = await w.call(tours, body);
    assertEquals(res.status, 400, JSON.stringify(body));
    assertEquals(res.body.code, code, JSON.stringify(body));
    if (field) assertEquals(res.body.details?.field, field, JSON.stringify(body));
  }
  const pages = await w.call(setlists, { pages: 11 });
  assertEquals([pages.status, pages.body.details?.field], [400, "pages"]);
  const both = await w.call(songs, {
    artist_id: "00000000-0000-4000-8000-000000000000",
    artist_ids: ["00000000-0000-4000-8000-000000000001"],
  });
  assertEquals([both.status, both.body.details?.field], [400, "artist_ids"]);
  const get = await tours(
    new Request("http://x/", { method: "GET", headers: { Authorization: `Bearer ${CRON_SECRET}` } }),
  );
  assertEquals([get.status, (await get.json()).code], [405, "method_not_allowed"]);
  const preflight = await tours(new Request("http://x/", { method: "OPTIONS" }));
  assertEquals(preflight.status, 200);
  assertEquals(await counts(w), before);
});

syncTest("a provider without a key fails the run with a clear reason and a 503", async (w) => {
  Deno.env.delete("TICKETMASTER_API_KEY");
  try {
    const res = await w.call(tours, ONE_MARKET);
    assertEquals(res.status, 503);
    assertEquals(res.body.code, "provider_not_configured");
    assertMatch(res.body.message, /TICKETMASTER_API_KEY/);
    const [run] = await w.sql`select status, error from public.sync_runs where id = ${res.body.run.run_id}`;
    assertEquals(run.status, "failed");
    assertMatch(run.error, /TICKETMASTER_API_KEY/);
  } finally {
    Deno.env.set("TICKETMASTER_API_KEY", w.keys.ticketmaster);
  }
});

syncTest(
  "tours: a run fills the market's shows, records itself, and an identical second run changes no row",
  async (w) => {
    const first = await w.call(tours, { ...ONE_MARKET, page_size: 25 });
    assertEquals(first.status, 200, JSON.stringify(first.body));
    assertEquals(first.body.status, "ok");
    const chicago = (await w.upstream.dataset()).events.filter((e) => e.isMusic && e.market?.city === "Chicago");
    const withArtists = chicago.filter((e) => e.attractionIds.length > 0);
    assertEquals(first.body.items_seen, chicago.length);
    assertEquals(first.body.rows.shows.inserted, withArtists.length);
    assertEquals(first.body.api_calls, Math.ceil(chicago.length / 25));
    const [run] = await w.sql`
    select job, status, items_seen, items_written, items_failed, api_calls, finished_at is not null as finished,
           stats -> 'scope' -> 'markets' as markets
    from public.sync_runs where id = ${first.body.run_id}`;
    assertEquals(run, {
      job: "sync-popular-tours",
      status: "ok",
      items_seen: chicago.length,
      items_written: first.body.items_written,
      items_failed: 0,
      api_calls: Math.ceil(chicago.length / 25),
      finished: true,
      markets: [{ city: "Chicago", countryCode: "US" }],
    });
    const [{ n }] = await w.sql`
    select count(*)::int as n from public.shows where ticketmaster_id = any(${
      withArtists.map((e) => String(e.json.id))
    })`;
    assertEquals(n, withArtists.length);

    const versions = await rowVersions(w);
    // no cache: the second run reads the upstream again and the writers alone must leave the rows alone
    await w.clearApiCache();
    const second = await w.call(tours, { ...ONE_MARKET, page_size: 25 });
    assertEquals(second.body.status, "ok");
    assertEquals(second.body.items_written, 0);
    assertEquals(second.body.api_calls, Math.ceil(chicago.length / 25), "the upstream was really asked again");
    assertEquals(await rowVersions(w), versions, "no row was rewritten");
  },
);

syncTest("tours: a re-run within the cache's lifetime is answered from api_cache, not the upstream", async (w) => {
  const hour = () => Math.floor(Date.now() / 3_600_000);
  // the window starts on the hour, so two runs in one hour ask for the same
  // pages; a pair straddling the hour asks again by design and is repeated
  for (let attempt = 1;; attempt++) {
    const hourBefore = hour();
    await w.clearApiCache();
    const first = await w.call(tours, { ...ONE_MARKET, page_size: 25 });
    assertEquals(first.body.status, "ok", JSON.stringify(first.body));
    assert(first.body.api_calls > 0, "the first run asked the upstream");
    // over a second later, so a window that followed the clock would ask for other pages
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = await w.call(tours, { ...ONE_MARKET, page_size: 25 });
    assertEquals(second.body.status, "ok", JSON.stringify(second.body));
    if (hour() !== hourBefore && attempt === 1) continue;
    assertEquals(second.body.items_written, 0);
    assertEquals(second.body.api_calls, 0, "every page came from api_cache");
    break;
  }
});

syncTest("tours: a dry run counts what it would write and leaves the tables as they were", async (w) => {
  const res = await w.call(tours, { ...ONE_MARKET, dry_run: true });
  assertEquals(res.status, 200);
  assert(res.body.rows.shows.inserted > 0);
  assertEquals(res.body.items_written, 0, "a dry run writes nothing");
  assertEquals((await snapshot(w)).shows, []);
  const [run] = await w.sql`select stats -> 'dry_run' as dry from public.sync_runs where id = ${res.body.run_id}`;
  assertEquals(run.dry, true);
});

syncTest(
  "songs and setlists: catalogs with copies collapsed, setlists with tapes and covers, gaps reported",
  async (w) => {
    await w.call(tours, ONE_MARKET);
    const ids = await w.artistIds();
    const artists = (await w.upstream.dataset()).artists.filter((a) => ids.has(a.tmId));
    const scope = artists.map((a) => ids.get(a.tmId)!);

    const catalog = await w.call(songs, { artist_ids: scope, trigger: "test" });
    assertEquals(catalog.status, 200, JSON.stringify(catalog.body));
    const missing = artists.filter((a) => a.spotifyId === null);
    assertEquals(catalog.body.items_failed, missing.length, "an act Spotify does not have is reported, not guessed");
    assertEquals(catalog.body.status, missing.length ? "partial" : "ok");
    const errors = await w
      .sql`select provider, message, details ->> 'code' as code from public.sync_errors where run_id = ${catalog.body.run_id}`;
    for (const e of errors) {
      assertEquals([e.provider, e.code], ["spotify", "no_confident_match"]);
      assertMatch(e.message, /no confident Spotify match/);
    }
    const searched = artists.filter((a) => a.spotifyId && !a.linksSpotify);
    for (const a of searched) {
      const [row] = await w.sql`select spotify_id from public.artists where ticketmaster_id = ${a.tmId}`;
      assertEquals(row.spotify_id, a.spotifyId, `${a.name}'s Spotify id was found by a confident search`);
    }
    const [dupes] = await w.sql`
    select count(*)::int as n from public.songs so join public.artists a on a.id = so.artist_id
    where a.ticketmaster_id like ${`K8vZ9${w.ns}%`} and (so.title ~* 'remaster|radio edit|- live|\\(deluxe')`;
    assertEquals(dupes.n, 0, "remastered, radio-edit, live and deluxe copies collapsed into their songs");

    const played = await w.call(setlists, { artist_ids: scope, pages: 1, trigger: "test" });
    assertEquals(played.status, 200, JSON.stringify(played.body));
    assertEquals(played.body.status, "ok");
    assert(played.body.rows.setlists.inserted > 0);
    const [tapes] = await w.sql`
    select count(*) filter (where ss.is_tape and ss.song_id is not null)::int as linked_tapes,
           count(*) filter (where ss.is_tape)::int as tapes,
           count(*) filter (where ss.is_cover)::int as covers
    from public.setlist_songs ss join public.setlists sl on sl.id = ss.setlist_id join public.shows s on s.id = sl.show_id
    join public.artists a on a.id = s.artist_id where a.ticketmaster_id like ${`K8vZ9${w.ns}%`}`;
    assertEquals(tapes.linked_tapes, 0);
    assert(tapes.tapes > 0 && tapes.covers > 0, JSON.stringify(tapes));

    const before = await rowVersions(w);
    await w.clearApiCache();
    const again = await w.call(songs, { artist_ids: scope, trigger: "test" });
    const againSetlists = await w.call(setlists, { artist_ids: scope, pages: 1, trigger: "test" });
    assertEquals(
      [again.body.items_written, againSetlists.body.items_written],
      [0, 0],
      JSON.stringify([again.body.rows, againSetlists.body.rows]),
    );
    assertEquals(await rowVersions(w), before, "unchanged upstream, unchanged rows");
  },
);

syncTest(
  "tours for one artist: only that artist's events; an artist without a Ticketmaster id fails the run",
  async (w) => {
    await w.call(tours, ONE_MARKET);
    const ids = await w.artistIds();
    const [tmId, artistId] = [...ids][0];
    await w.sql`delete from public.shows where artist_id = ${artistId}::uuid`;
    const res = await w.call(tours, { artist_id: artistId, trigger: "test" });
    assertEquals(res.body.status, "ok");
    const expected = (await w.upstream.dataset()).events.filter((e) => e.attractionIds[0] === tmId && e.isMusic);
    const [{ n }] = await w.sql`select count(*)::int as n from public.shows where artist_id = ${artistId}::uuid`;
    assertEquals(n, expected.length, "every show it headlines, in every market");

    const [orphan] = await w.sql`
    insert into public.artists (name, slug) values ('Synthetic Nobody', ${`synthetic-nobody-${w.ns}`}) returning id::text`;
    try {
      const refused = await w.call(tours, { artist_id: orphan.id, trigger: "test" });
      assertEquals([refused.status, refused.body.code], [502, "sync_failed"]);
      assertMatch(refused.body.message, /has no Ticketmaster id/);
    } finally {
      await w.sql`delete from public.artists where id = ${orphan.id}::uuid`;
    }
  },
);

/**
 * An upcoming show of the artist, `days` from now, with the prediction the
 * engine builds for it from what is synced so far (asserted to exist).
 */
async function predictedShow(w: World, artistId: string, tmPrefix: string, what: string, days: number) {
  const [show] = await w.sql`
    insert into public.shows (artist_id, ticketmaster_id, name, starts_at, local_date, status)
    values (${artistId}, ${`${tmPrefix}${w.ns}`}, ${`Test show ${what}`}, now() + make_interval(days => ${days}),
      current_date + ${days}::int, 'scheduled')
    returning id::text`;
  const [{ predicted }] = await w.sql`select public.ensure_predicted_setlist(${show.id}::uuid)::text as predicted`;
  assert(predicted, `a prediction was built for the show ${what}`);
  return { show: show as { id: string }, predicted: predicted as string };
}

syncTest(
  "setlists: a show that had a prediction gets its actual setlist, is scored, and its prediction locked",
  async (w) => {
    const { artist, artistId, data } = await syncedArtistWithSetlists(w);
    const catalog = await w.call(songs, { artist_ids: [artistId], trigger: "test" });
    assertEquals(catalog.body.status, "ok", JSON.stringify(catalog.body));

    // a show the app knew while it was upcoming, with its prediction built then;
    // afterwards it took place on the date of the artist's newest setlist.fm setlist
    const hasSongs = (setlist: Record<string, unknown>) =>
      ((setlist.sets as { set?: { song?: unknown[] }[] } | undefined)?.set ?? []).some((set) =>
        (set.song ?? []).length > 0
      );
    const newest = data.setlistsByMbid.get(artist.mbid!)!.find(hasSongs);
    assert(newest, "the artist has a setlist with songs");
    const playedOn = String(newest.eventDate).split("-").reverse().join("-");
    const { show, predicted } = await predictedShow(w, artistId, "TestScoredShow", "predicted before it happened", 1);
    await w.sql`
      update public.shows set starts_at = ${playedOn}::date + time '20:00' at time zone 'UTC', local_date = ${playedOn}::date
      where id = ${show.id}::uuid`;

    const played = await w.call(setlists, { artist_ids: [artistId], pages: 1, trigger: "test" });
    assertEquals(played.body.status, "ok", JSON.stringify(played.body));
    const [run] = await w
      .sql`select (stats ->> 'predictions_scored')::int as scored from public.sync_runs where id = ${played.body.run_id}`;
    assertEquals(run.scored, 1, "the run scored the one prediction that got its actual setlist");
    const [scored] = await w.sql`
      select ps.score, ps.predicted_setlist_id::text as predicted, p.locked_at is not null as locked,
             exists (select 1 from public.setlists a where a.show_id = ps.show_id and a.kind = 'actual') as has_actual
      from public.prediction_scores ps join public.setlists p on p.id = ps.predicted_setlist_id
      where ps.show_id = ${show.id}::uuid`;
    assert(scored, "the show's prediction was scored");
    assertEquals([scored.predicted, scored.locked, scored.has_actual], [predicted, true, true]);
    assert(scored.score >= 0 && scored.score <= 100, `score ${scored.score}`);
  },
);

syncTest(
  "setlists: new actual setlists refresh the artist's open predictions with the engine, keeping fans' songs",
  async (w) => {
    const { artistId } = await syncedArtistWithSetlists(w);
    await w.call(songs, { artist_ids: [artistId], trigger: "test" });
    // an upcoming show predicted before any setlist arrived: from the catalog alone
    const { predicted } = await predictedShow(w, artistId, "TestRefreshedShow", "predicted from the catalog", 9);
    const [before] = await w.sql`
      select count(*) filter (where probability is not null)::int as engine_rows, min(id::text) as kept_id
      from public.setlist_songs where setlist_id = ${predicted}::uuid`;
    assertEquals(before.engine_rows, 0, "no history yet: no probabilities");
    // a fan's song: a suggestion keeps its row whatever the engine says next
    await w.sql`update public.setlist_songs set suggested = true where id = ${before.kept_id}::uuid`;

    const played = await w.call(setlists, { artist_ids: [artistId], pages: 1, trigger: "test" });
    assertEquals(played.body.status, "ok", JSON.stringify(played.body));
    const [run] = await w
      .sql`select (stats ->> 'predictions_refreshed')::int as refreshed from public.sync_runs where id = ${played.body.run_id}`;
    assert(run.refreshed >= 1, `the run refreshed the open predictions (${run.refreshed})`);
    const [after] = await w.sql`
      select count(*) filter (where probability is not null)::int as engine_rows,
        bool_or(id = ${before.kept_id}::uuid and suggested) as kept
      from public.setlist_songs where setlist_id = ${predicted}::uuid`;
    assert(after.engine_rows > 0, "the engine's prediction from the new history replaced the catalog guess");
    assertEquals(after.kept, true, "the fan's song stayed");
  },
);

syncTest("an expired or revoked Spotify token is replaced once, and the run carries on", async (w) => {
  await w.call(tours, ONE_MARKET);
  const scope = [...(await w.artistIds()).values()];
  await w.call(songs, { artist_ids: [scope[0]], trigger: "test" });
  // the upstream forgets every token it issued: the cached one is now refused with a 401
  await w.upstream.reset();
  const res = await w.call(songs, { artist_ids: [scope[1]], trigger: "test" });
  assertEquals(res.body.items_failed, 0, JSON.stringify(res.body));
  const tokens = (await w.upstream.stats()).byPath["/api/token"] ?? 0;
  assertEquals(tokens, 1, "one new token after the refusal");
});
