// Drill b: kill -9 of Postgres in the middle of a tour sync (the demo upstream answers slowly, so the kill
// lands between pages), then a restart: the next sync completes, the one after it changes nothing, and
// the killed run is not left looking like it is still running.

import { type BenchReport, type BenchStack, check, sleep } from "../lib.ts";
import { invokeSync, runStatus } from "../demo.ts";
import { killPostgres, restartPostgres, waitForGateway } from "./cluster.ts";

async function upstreamControl(stack: BenchStack, method: string, path: string, body?: unknown) {
  const response = await fetch(`http://127.0.0.1:${stack.upstreamPort}/__control/${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`upstream control ${method} ${path}: ${response.status} ${await response.text()}`);
  await response.body?.cancel();
}

export async function syncDrill(stack: BenchStack, quick: boolean, log: (line: string) => void, report: BenchReport) {
  const JOB = "sync-popular-tours";
  // every Ticketmaster answer after the first is slow: the run sits between pages long enough to be killed there
  const delay = quick ? 300 : 700;
  await upstreamControl(stack, "POST", "faults", { provider: "ticketmaster", kind: "slow", delay_ms: delay, skip: 1 });
  const watch = stack.sql({ max: 1 });
  // pages an earlier sync cached are due again, as when their TTL runs out: every page goes to the upstream
  await watch`update public.api_cache set expires_at = now() where provider = 'ticketmaster'`;
  const [{ lastRun }] = await watch<{ lastRun: number }[]>`
    select coalesce(max(id), 0)::int as "lastRun" from public.sync_runs where job = ${JOB}`;
  log(`drills: tour sync from the demo upstream (${delay} ms a page), kill -9 once its first market is done`);
  const killedCall = invokeSync(stack, JOB).catch((error) => ({ httpStatus: 0, body: { error: String(error) } }));
  let runId: number | null = null;
  let writtenAtKill = 0;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const [run] = await watch<{ id: number; items_written: number; status: string; done: number }[]>`
      select id::int, items_written, status, coalesce((stats -> 'progress' ->> 'done')::int, 0) as done
      from public.sync_runs where job = ${JOB} and id > ${lastRun} order by id desc limit 1`;
    if (run && run.status === "running" && run.done >= 1) {
      runId = run.id;
      writtenAtKill = run.items_written;
      break;
    }
    if (run && run.status !== "running") break;
    await sleep(20);
  }
  await watch.end({ timeout: 1 }).catch(() => {});
  if (runId === null) throw new Error("the tour sync finished, or never finished a market, before it could be killed");
  await killPostgres(stack);
  await sleep(300);
  await restartPostgres(stack);
  await upstreamControl(stack, "DELETE", "faults");
  await waitForGateway(stack);
  const killedAnswer = await killedCall;
  log("drills: the next tour sync, then one more");
  const next = await invokeSync(stack, JOB);
  const again = await invokeSync(stack, JOB);
  const admin = stack.sql({ max: 1 });
  const [killedRun] = await admin<{ status: string; error: string | null }[]>`
    select status, error from public.sync_runs where id = ${runId}`;
  const [{ stuck }] = await admin<{ stuck: number }[]>`
    select count(*)::int as stuck from public.sync_runs where job = ${JOB} and status = 'running'`;
  const [{ shows, duplicates }] = await admin<{ shows: number; duplicates: number }[]>`
    select count(*)::int as shows,
      (count(*) - count(distinct ticketmaster_id))::int as duplicates
    from public.shows where ticketmaster_id is not null`;
  const nextRun = next.body as { status?: string; items_seen?: number; items_written?: number };
  const againRun = again.body as { status?: string; items_written?: number };

  report.tables.push({
    title: "b. kill -9 of Postgres during a tour sync",
    headers: ["what", "value"],
    rows: [
      ["rows the killed run had written before the kill", writtenAtKill],
      ["the killed call answered", `${killedAnswer.httpStatus} ${runStatus(killedAnswer as never)}`],
      [
        "the killed run's row afterwards",
        `${killedRun?.status}${killedRun?.error ? `: ${killedRun.error.slice(0, 80)}` : ""}`,
      ],
      ["next run", `${runStatus(next)}, ${nextRun.items_seen} events seen, ${nextRun.items_written} rows written`],
      ["the run after it", `${runStatus(again)}, ${againRun.items_written} rows written`],
      ["shows from Ticketmaster / duplicates", `${shows} / ${duplicates}`],
      ["tour runs still marked running", stuck],
    ],
  });
  report.checks.push(
    check("the next sync after the crash completes", nextRun.status === "ok", runStatus(next)),
    check(
      "the sync after that changes nothing",
      againRun.status === "ok" && againRun.items_written === 0,
      JSON.stringify(againRun),
    ),
    check("no show was written twice", duplicates === 0, `${duplicates} duplicates`),
    check(
      "the killed run is not left marked running",
      stuck === 0 && killedRun?.status !== "running",
      `${killedRun?.status}, ${stuck} running`,
    ),
  );
  Object.assign(report.metrics, { sync_written_at_kill: writtenAtKill, sync_runs_stuck: stuck });
}
