import postgres from "postgres";
import { mapEvents } from "./supabase/functions/_shared/mappers/ticketmaster.ts";
import {
  replaceBilling,
  upsertArtists,
  upsertShows,
  upsertVenues,
} from "./supabase/functions/_shared/writers/tours.ts";
const url = "postgresql://postgres:postgres@127.0.0.1:54722/postgres";
const prepare = Deno.args[0] === "prepare";
const sql = postgres(url, { max: 4, prepare, onnotice: () => {} });
const N = 10000;
const events = Array.from({ length: N }, (_, i) => ({
  id: `vvBench${i}`,
  name: `Bench event ${i}`,
  url: `https://x.invalid/${i}`,
  dates: {
    start: { localDate: "2027-05-01", localTime: "20:00:00", dateTime: "2027-05-02T00:00:00Z" },
    status: { code: "onsale" },
  },
  classifications: [{ segment: { name: "Music" }, genre: { name: "Rock" } }],
  _embedded: {
    venues: [{
      id: `KovBench${i % 300}`,
      name: `Bench venue ${i % 300}`,
      city: { name: "Chicago" },
      country: { countryCode: "US" },
      location: { latitude: "41.8", longitude: "-87.6" },
      timezone: "America/Chicago",
    }],
    attractions: [
      { id: `K8vBench${i % 700}`, name: `Bench artist ${i % 700}` },
      ...(i % 3 === 0 ? [{ id: `K8vBench${(i + 1) % 700}`, name: `Bench artist ${(i + 1) % 700}` }] : []),
    ],
  },
}));
const times = { map: 0, artists: 0, venues: 0, shows: 0, billing: 0, total: 0 };
async function run() {
  for (const k of Object.keys(times)) (times as any)[k] = 0;
  const t0 = performance.now();
  for (let p = 0; p < N; p += 200) {
    let t = performance.now();
    const m = mapEvents(events.slice(p, p + 200) as never);
    times.map += performance.now() - t;
    await sql.begin(async (tx: any) => {
      t = performance.now();
      await upsertArtists(tx, m.artists);
      times.artists += performance.now() - t;
      t = performance.now();
      await upsertVenues(tx, m.venues);
      times.venues += performance.now() - t;
      t = performance.now();
      await upsertShows(tx, m.shows);
      times.shows += performance.now() - t;
      t = performance.now();
      await replaceBilling(tx, m.shows);
      times.billing += performance.now() - t;
    });
  }
  times.total = performance.now() - t0;
  console.log(Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Math.round(v)])));
}
await run();
await run();
await sql`delete from public.artists where ticketmaster_id like 'K8vBench%'`;
await sql`delete from public.venues where ticketmaster_id like 'KovBench%'`;
await sql.end();
