// The console's operational tables: the import queue (retry a dead job,
// cancel a queued one), the providers' budgets and rate limiting, pg_cron's
// jobs with their last runs and next run, and the audit trail.

import { useState } from "react";
import {
  useAdminAction,
  useAdminAuditQuery,
  useAdminCronQuery,
  useAdminImportsQuery,
  useAdminProvidersQuery,
} from "../../data/admin.ts";
import { nextCronRun } from "../../lib/cron.ts";
import { toAppError } from "../../lib/refusals.ts";
import { EmptyState, ErrorState, Skeleton } from "../States.tsx";

const utc = (iso: string | null) => (iso ? iso.replace("T", " ").slice(0, 19) : "—");

export function ImportsPanel() {
  const [status, setStatus] = useState("");
  const jobs = useAdminImportsQuery(status);
  const action = useAdminAction();
  return (
    <section aria-labelledby="admin-imports-title">
      <h2 id="admin-imports-title">Import queue</h2>
      <label className="admin-form">
        Status
        <select value={status} onChange={(event) => setStatus(event.target.value)}>
          <option value="">any</option>
          {["queued", "running", "done", "dead"].map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </label>
      {action.isError ? <p className="form-error" role="alert">{toAppError(action.error).message}</p> : null}
      {jobs.isPending
        ? <Skeleton lines={3} label="Loading the import queue" />
        : jobs.isError
        ? <ErrorState error={jobs.error} onRetry={() => jobs.refetch()} />
        : jobs.data.length === 0
        ? <EmptyState title="No import jobs" />
        : (
          <div className="table-scroll" role="region" aria-label="Import jobs table" tabIndex={0}>
            <table className="jobs-table">
              <thead>
                <tr>
                  <th scope="col">Job</th>
                  <th scope="col">Kind</th>
                  <th scope="col">What</th>
                  <th scope="col">Status</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Last error</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {jobs.data.map((job) => (
                  <tr key={job.id}>
                    <th scope="row">#{job.id}</th>
                    <td>{job.kind}</td>
                    <td>{job.artist_name ?? job.dedupe_key}</td>
                    <td>{job.status}</td>
                    <td>{job.attempts}/{job.max_attempts}</td>
                    <td>{job.last_error ?? ""}</td>
                    <td>
                      {job.status === "dead"
                        ? (
                          <button
                            type="button"
                            className="button button-small"
                            onClick={() => action.mutate({ rpc: "admin_retry_import", args: { job_id: job.id } })}
                          >
                            Retry #{job.id}
                          </button>
                        )
                        : job.status === "queued"
                        ? (
                          <button
                            type="button"
                            className="button button-small"
                            onClick={() => action.mutate({ rpc: "admin_cancel_import", args: { job_id: job.id } })}
                          >
                            Cancel #{job.id}
                          </button>
                        )
                        : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </section>
  );
}

export function ProvidersPanel() {
  const providers = useAdminProvidersQuery();
  return (
    <section aria-labelledby="admin-providers-title">
      <h2 id="admin-providers-title">Providers</h2>
      {providers.isPending
        ? <Skeleton lines={3} label="Loading providers" />
        : providers.isError
        ? <ErrorState error={providers.error} onRetry={() => providers.refetch()} />
        : (
          <div className="table-scroll" role="region" aria-label="Providers table" tabIndex={0}>
            <table className="jobs-table">
              <thead>
                <tr>
                  <th scope="col">Provider</th>
                  <th scope="col">Requests today (UTC)</th>
                  <th scope="col">Daily budget</th>
                  <th scope="col">Sync requests 24 h</th>
                  <th scope="col">Retries 24 h</th>
                  <th scope="col">429s 24 h</th>
                  <th scope="col">Last 429</th>
                  <th scope="col">Circuit open, 1 h</th>
                  <th scope="col">Last circuit open</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(providers.data).map(([name, p]) => (
                  <tr key={name}>
                    <th scope="row">{name}</th>
                    <td>{p.requests_today}</td>
                    <td>{p.daily_limit_today ?? "none"}</td>
                    <td>{p.calls_24h.requests}</td>
                    <td>{p.calls_24h.retries}</td>
                    <td>{p.calls_24h.rate_limited}</td>
                    <td>{utc(p.last_rate_limited_at)}</td>
                    <td>{p.circuit_open_errors_1h}</td>
                    <td>{utc(p.last_circuit_open_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </section>
  );
}

export function CronPanel() {
  const cron = useAdminCronQuery();
  const now = new Date();
  return (
    <section aria-labelledby="admin-cron-title">
      <h2 id="admin-cron-title">pg_cron jobs</h2>
      {cron.isPending
        ? <Skeleton lines={3} label="Loading cron jobs" />
        : cron.isError
        ? <ErrorState error={cron.error} onRetry={() => cron.refetch()} />
        : (
          <div className="table-scroll" role="region" aria-label="pg_cron jobs table" tabIndex={0}>
            <table className="jobs-table">
              <thead>
                <tr>
                  <th scope="col">Job</th>
                  <th scope="col">Schedule</th>
                  <th scope="col">Active</th>
                  <th scope="col">Last run (UTC)</th>
                  <th scope="col">Last status</th>
                  <th scope="col">Next run (UTC)</th>
                </tr>
              </thead>
              <tbody>
                {cron.data.map((job) => (
                  <tr key={job.job}>
                    <th scope="row">{job.job}</th>
                    <td>
                      <code>{job.schedule}</code>
                    </td>
                    <td>{job.active ? "yes" : "no"}</td>
                    <td>{utc(job.runs[0]?.start_time ?? null)}</td>
                    <td title={job.runs[0]?.message ?? undefined}>{job.runs[0]?.status ?? "never ran"}</td>
                    <td>{job.active ? utc(nextCronRun(job.schedule, now)?.toISOString() ?? null) : "inactive"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </section>
  );
}

export function AuditPanel() {
  const audit = useAdminAuditQuery();
  return (
    <section aria-labelledby="admin-audit-title">
      <h2 id="admin-audit-title">Audit trail</h2>
      {audit.isPending
        ? <Skeleton lines={3} label="Loading the audit trail" />
        : audit.isError
        ? <ErrorState error={audit.error} onRetry={() => audit.refetch()} />
        : audit.data.length === 0
        ? <EmptyState title="No admin actions yet" />
        : (
          <div className="table-scroll" role="region" aria-label="Audit trail table" tabIndex={0}>
            <table className="jobs-table">
              <thead>
                <tr>
                  <th scope="col">When (UTC)</th>
                  <th scope="col">Who</th>
                  <th scope="col">Action</th>
                  <th scope="col">Arguments</th>
                </tr>
              </thead>
              <tbody>
                {audit.data.map((row) => (
                  <tr key={row.id}>
                    <th scope="row">{utc(row.created_at)}</th>
                    <td>{row.actor_email ?? "—"}</td>
                    <td>{row.action}</td>
                    <td>
                      <code>{JSON.stringify(row.args)}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </section>
  );
}
