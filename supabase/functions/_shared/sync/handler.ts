// The request handling every sync function shares: CORS preflight, POST only,
// the cron secret or the service-role key (401 before anything is read or
// written), a strictly validated body (400), then the job inside a sync_runs
// record. The answer is the run's summary: 200 for ok and partial, 502 when
// the run failed, 503 when the provider is not configured.

import { authorizeSyncCaller } from "../auth.ts";
import { preflight } from "../cors.ts";
import { getSql } from "../db.ts";
import { edgeLimits, runTimeline } from "../edge_limits.ts";
import { defaultPolicy } from "../http/policy.ts";
import { errorResponse, HttpError, jsonResponse, readJsonObject } from "../json.ts";
import { log } from "../log.ts";
import { ProviderNotConfigured, providers } from "../providers/mod.ts";
import { type CommonBody, parseCommonBody } from "./body.ts";
import type { JobContext } from "./context.ts";
import { errorMessage, type JobName, SyncRun } from "./run.ts";

/** every provider a sync job may call: the run's cut-off leaves room for the slowest one's worst case */
const PROVIDERS = ["ticketmaster", "spotify", "setlistfm"] as const;

export interface SyncFunction<P> {
  job: JobName;
  defaultLimit: number;
  /** body fields beyond the common ones */
  jobFields: string[];
  /** validates the job fields (throw invalid(...) for a 400) */
  parse(body: Record<string, unknown>, common: CommonBody): P;
  /** echoed into sync_runs.stats.scope */
  scope(params: P, common: CommonBody): Record<string, unknown>;
  run(ctx: JobContext, params: P, common: CommonBody): Promise<void>;
}

export function createSyncHandler<P>(fn: SyncFunction<P>): (request: Request) => Promise<Response> {
  return async (request: Request): Promise<Response> => {
    // the edge runtime's clocks run from the request's arrival
    const startedAtMs = Date.now();
    const early = preflight(request);
    if (early) return early;
    try {
      if (request.method !== "POST") {
        throw new HttpError(405, "method_not_allowed", `${fn.job} accepts POST only`);
      }
      const caller = authorizeSyncCaller(request);
      const raw = await readJsonObject(request);
      const common = parseCommonBody(raw, { defaultLimit: fn.defaultLimit, jobFields: fn.jobFields });
      const params = fn.parse(raw, common);

      const limits = edgeLimits();
      const timeline = runTimeline(startedAtMs, limits, PROVIDERS.map((p) => defaultPolicy(p)));
      let sql;
      let run: SyncRun;
      try {
        sql = getSql();
        run = await SyncRun.start(sql, fn.job, {
          trigger: common.trigger ?? (caller === "cron" ? "cron" : "manual"),
          dryRun: common.dryRun,
          scope: fn.scope(params, common),
          startedAtMs,
          limits,
          timeline,
        });
      } catch (error) {
        log("error", "sync_run_not_started", { job: fn.job, message: errorMessage(error) });
        throw new HttpError(503, "database_unavailable", `cannot record the run: ${errorMessage(error)}`);
      }

      const ctx: JobContext = {
        sql,
        run,
        providers: providers(run.stats, sql, { deadline: timeline.answerByMs }),
        dryRun: common.dryRun,
      };
      try {
        await fn.run(ctx, params, common);
      } catch (error) {
        if (!(error instanceof ProviderNotConfigured)) {
          run.event("error", "sync_run_failed", { message: errorMessage(error) });
        }
        const summary = await run.finish(error);
        if (error instanceof ProviderNotConfigured) {
          return jsonResponse(503, { code: error.code, message: error.message, run: summary });
        }
        return jsonResponse(502, { code: "sync_failed", message: errorMessage(error), run: summary });
      }
      const summary = await run.finish();
      return jsonResponse(summary.status === "failed" ? 502 : 200, summary);
    } catch (error) {
      if (error instanceof HttpError) return errorResponse(error);
      log("error", "sync_handler_error", { job: fn.job, message: errorMessage(error) });
      return errorResponse(new HttpError(500, "internal_error", errorMessage(error)));
    }
  };
}
