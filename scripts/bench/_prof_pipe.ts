import process from "node:process";
import { mapEvents } from "../../supabase/functions/_shared/mappers/ticketmaster.ts";
import { writeEventsPage } from "../../supabase/functions/_shared/writers/tours.ts";
import { openSql } from "../../supabase/functions/_shared/db.ts";
import { syntheticEvents, PAGE_SIZE } from "./sync_events.ts";
const sql = openSql("postgresql://postgres:postgres@127.0.0.1:54322/postgres");
const admin = openSql("postgresql://supabase_admin:postgres@127.0.0.1:54322/postgres", 1);
const events = syntheticEvents(Number(Deno.env.get("N") ?? 10000));
for (let r = 0; r < 2; r++) {
  await sql`delete from public.artists where ticketmaster_id like 'K8vBench%'`;
  await sql`delete from public.venues where ticketmaster_id like 'KovBench%'`;
  if (Deno.env.get("VAC")) await sql`vacuum public.artists, public.venues, public.shows, public.show_artists`;
  await admin`select pg_stat_reset()`;
  const start = performance.now(); const cpu0 = process.cpuUsage();
  for (let i = 0; i < events.length; i += PAGE_SIZE) await writeEventsPage(sql, mapEvents(events.slice(i, i + PAGE_SIZE)));
  const cpu = process.cpuUsage(cpu0); console.log("pipelined total", Math.round(performance.now() - start), "client cpu ms", Math.round((cpu.user + cpu.system) / 1000));
  console.log(await admin`select relname, seq_scan, seq_tup_read, idx_scan from pg_stat_user_tables where schemaname='public' and seq_scan>0 order by seq_tup_read desc limit 4`);
}
await sql.end(); await admin.end();
