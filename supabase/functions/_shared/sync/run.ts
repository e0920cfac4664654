// One run of a sync job, as operators see it: a sync_runs row created at the
// start and kept current while the run works (progress, counts, calls), one
// sync_errors row per item that failed, and at the end the final status and a
// log_cron_run call. pg_net does not wait for answers, so the function, not its
// caller, owns this record.

import type { Sql } from "../db.ts";
import type { EdgeLimits, RunTimeline } from "../edge_limits.ts";
import { ProviderError } from "../http/errors.ts";
import { CallStats } from "../http/stats.ts";
import { type Level, log } from "../log.ts";
import { addCounts, rowsChanged, type WriteCounts } from "../writers/common.ts";

export type JobName = "sync-popular-tours" | "sync-artist-songs" | "sync-setlists" | "import-artist";
export type Trigger = "cron" | "manual" | "import" | "test";
export type RunStatus = "ok" | "partial" | "failed";
export type ErrorProvider = "ticketmaster" | "spotify" | "setlistfm" | "database";

export interface RunSummary {
  run_id: number;
  job: JobName;
  status: RunStatus | "running";
  dry_run: boolean;
  items_seen: number;
  items_written: number;
  items_failed: number;
  api_calls: number;
  rows: WriteCounts;
  skipped: Record<string, number>;
  duration_ms: number;
  error: string | null;
  stopped_early: boolean;
  /** when stopped early: the work not started, for the next run */
  left: { count: number | null; unit: string } | null;
}

/** The provider an error came from, for sync_errors.provider. */
export function errorProvider(error: unknown, fallback: ErrorProvider): ErrorProvider {
  return error instanceof ProviderError ? error.provider : fallback;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class SyncRun {
  readonly stats = new CallStats();
  readonly rows: WriteCounts = {};
  readonly skipped: Record<string, number> = {};
  readonly extra: Record<string, unknown> = {};
  itemsSeen = 0;
  itemsWritten = 0;
  itemsFailed = 0;
  /** units of work that completed (a page, an artist, an import job): with itemsFailed, the run's status */
  succeeded = 0;
  stoppedEarly = false;
  /** what a run that stopped early did not start (for the operator; the next run picks it up) */
  left: { count: number | null; unit: string } | null = null;
  /** the errors recorded so far, oldest first (the first few) */
  readonly errorLog: { provider: ErrorProvider; message: string }[] = [];
  status: RunStatus | "running" = "running";
  error: string | null = null;
  #progress: { done: number; total: number | null; label: string } = { done: 0, total: null, label: "starting" };
  #lastFlush = 0;
  /** log lines not yet stored in sync_run_events (the database keeps the first 200 of a run) */
  #pendingEvents: { at: string; level: Level; event: string; fields: Record<string, unknown> }[] = [];
  readonly #started = performance.now();

  private constructor(
    readonly sql: Sql,
    readonly id: number,
    readonly job: JobName,
    readonly trigger: Trigger,
    readonly dryRun: boolean,
    readonly scope: Record<string, unknown>,
    readonly timeline: RunTimeline,
  ) {}

  /**
   * Records the run (with when its worker ends at the latest, must_end_by)
   * after closing the runs whose workers were killed (close_killed_sync_runs).
   */
  static async start(
    sql: Sql,
    job: JobName,
    options: {
      trigger: Trigger;
      dryRun: boolean;
      scope: Record<string, unknown>;
      startedAtMs: number;
      limits: EdgeLimits;
      timeline: RunTimeline;
    },
  ): Promise<SyncRun> {
    const [{ closed }] = await sql<{ closed: number }[]>`select public.close_killed_sync_runs() as closed`;
    const mustEndBy = new Date(options.startedAtMs + options.limits.wallClockMs);
    const [row] = await sql<{ id: number }[]>`
      insert into public.sync_runs (job, trigger, stats, must_end_by)
      values (${job}, ${options.trigger}, ${sql.json({ dry_run: options.dryRun, scope: options.scope } as never)},
              ${mustEndBy})
      returning id::int`;
    const run = new SyncRun(sql, row.id, job, options.trigger, options.dryRun, options.scope, options.timeline);
    run.event("info", "sync_run_started", {
      trigger: options.trigger,
      dry_run: options.dryRun,
      scope: options.scope,
      killed_runs_closed: closed,
      answer_by: new Date(options.timeline.answerByMs).toISOString(),
      stop_taking_work_at: new Date(options.timeline.stopTakingWorkAtMs).toISOString(),
    });
    return run;
  }

  /**
   * One log line: printed as JSON with the job and run id (what the platform's
   * function logs index) and kept for the run's page in the admin console.
   */
  event(level: Level, event: string, fields: Record<string, unknown> = {}): void {
    const line = { job: this.job, run_id: this.id, ...fields };
    log(level, event, line);
    // the database stores 200 a run and counts the rest; a bounded buffer meanwhile
    if (this.#pendingEvents.length < 250) {
      this.#pendingEvents.push({ at: new Date().toISOString(), level, event, fields: line });
    }
  }

  async #storeEvents(): Promise<void> {
    if (this.#pendingEvents.length === 0) return;
    const events = this.#pendingEvents;
    this.#pendingEvents = [];
    try {
      await this.sql`select public.append_sync_run_events(${this.id}, ${this.sql.json(events as never)})`;
    } catch (error) {
      log("error", "sync_run_events_not_stored", { run_id: this.id, message: errorMessage(error) });
    }
  }

  /**
   * Past the run's cut-off (edge_limits.ts runTimeline): take no new item, so
   * the last one, retries and waits included, ends before the answer is due.
   * `left` says what is not started (count null: unknown, e.g. the rest of a
   * queue); the run records it and the next run picks it up.
   */
  outOfTime(left: { count: number | null; unit: string }): boolean {
    if (Date.now() < this.timeline.stopTakingWorkAtMs) return false;
    if (!this.stoppedEarly) {
      this.stoppedEarly = true;
      this.left = left;
      this.event("warn", "sync_run_stopped_early", {
        left,
        reason: "edge_runtime_limit",
        worst_case_call_ms: this.timeline.worstCaseCallMs,
        answer_by: new Date(this.timeline.answerByMs).toISOString(),
      });
    }
    return true;
  }

  addRows(counts: WriteCounts): void {
    addCounts(this.rows, counts);
    if (!this.dryRun) this.itemsWritten += rowsChanged(counts);
  }

  skip(reason: string, count = 1): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + count;
  }

  /** One item could not be processed: recorded for the operator; the run carries on. */
  async recordError(
    provider: ErrorProvider,
    itemKey: string,
    error: unknown,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    this.itemsFailed++;
    const message = errorMessage(error);
    if (this.errorLog.length < 20) this.errorLog.push({ provider, message: `${itemKey}: ${message}` });
    const code = error instanceof ProviderError ? error.code : (details.code as string | undefined) ?? "error";
    this.event("warn", "sync_item_failed", { provider, item: itemKey, code, message });
    try {
      await this.sql`
        insert into public.sync_errors (run_id, provider, item_key, message, details)
        values (${this.id}, ${provider}, ${itemKey}, ${message},
                ${
        this.sql.json({ code, status: error instanceof ProviderError ? error.status : null, ...details } as never)
      })`;
    } catch (dbError) {
      log("error", "sync_error_not_recorded", { run_id: this.id, message: errorMessage(dbError) });
    }
  }

  /** Progress for `npm run sync` and the operator; written at most twice a second. */
  async progress(done: number, total: number | null, label: string, force = false): Promise<void> {
    this.#progress = { done, total, label };
    const now = Date.now();
    if (!force && now - this.#lastFlush < 500) return;
    this.#lastFlush = now;
    await this.#write(false).catch((error) =>
      log("warn", "sync_progress_not_written", { message: errorMessage(error) })
    );
    await this.#storeEvents();
  }

  #statsJson(): Record<string, unknown> {
    return {
      dry_run: this.dryRun,
      scope: this.scope,
      progress: this.#progress,
      calls: this.stats.toJSON(),
      rows: this.rows,
      skipped: this.skipped,
      stopped_early: this.stoppedEarly,
      left: this.left,
      ...this.extra,
    };
  }

  async #write(final: boolean): Promise<void> {
    const stats = this.sql.json(this.#statsJson() as never);
    if (final) {
      await this.sql`
        update public.sync_runs set
          status = ${this.status}, finished_at = now(), items_seen = ${this.itemsSeen},
          items_written = ${this.itemsWritten}, items_failed = ${this.itemsFailed},
          api_calls = ${this.stats.totalRequests}, stats = ${stats}, error = ${this.error}
        where id = ${this.id}`;
    } else {
      await this.sql`
        update public.sync_runs set
          items_seen = ${this.itemsSeen}, items_written = ${this.itemsWritten}, items_failed = ${this.itemsFailed},
          api_calls = ${this.stats.totalRequests}, stats = ${stats}
        where id = ${this.id} and status = 'running'`;
    }
  }

  /**
   * Ends the run: ok without failures, failed when no unit of work succeeded
   * (or on a fatal error), partial when some did and some did not. Then log_cron_run.
   */
  async finish(fatal?: unknown): Promise<RunSummary> {
    if (fatal !== undefined) {
      this.error = errorMessage(fatal);
      this.status = "failed";
    } else if (this.itemsFailed === 0) {
      this.status = "ok";
    } else {
      this.status = this.succeeded > 0 ? "partial" : "failed";
      this.error = `${this.itemsFailed} item(s) failed; see sync_errors for run ${this.id}`;
    }
    this.#progress = { ...this.#progress, label: "done" };
    await this.#write(true);
    const summary = this.summary();
    try {
      await this.sql`select public.log_cron_run(${this.job}, ${this.status}, ${
        this.sql.json({
          run_id: this.id,
          trigger: this.trigger,
          dry_run: this.dryRun,
          items_seen: this.itemsSeen,
          items_written: this.itemsWritten,
          items_failed: this.itemsFailed,
          api_calls: this.stats.totalRequests,
          error: this.error,
          stopped_early: this.stoppedEarly,
          left: this.left,
        } as never)
      }, ${summary.duration_ms})`;
    } catch (error) {
      log("error", "log_cron_run_failed", { run_id: this.id, message: errorMessage(error) });
    }
    this.event(this.status === "ok" ? "info" : "warn", "sync_run_finished", { ...summary, rows: undefined });
    await this.#storeEvents();
    return summary;
  }

  summary(): RunSummary {
    return {
      run_id: this.id,
      job: this.job,
      status: this.status,
      dry_run: this.dryRun,
      items_seen: this.itemsSeen,
      items_written: this.itemsWritten,
      items_failed: this.itemsFailed,
      api_calls: this.stats.totalRequests,
      rows: this.rows,
      skipped: this.skipped,
      duration_ms: Math.round(performance.now() - this.#started),
      error: this.error,
      stopped_early: this.stoppedEarly,
      left: this.left,
    };
  }
}
