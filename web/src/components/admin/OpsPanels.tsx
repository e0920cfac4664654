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
import { QueryTable } from "./QueryTable.tsx";
import { AnyOf } from "./AnyOf.tsx";

const IMPORT_STATUSES = ["queued", "running", "done", "dead"];

const utc = (iso: string | null) => (iso ? iso.replace("T", " ").slice(0, 19) : "—");

export function ImportsPanel() {
  const [status, setStatus] = useState("");
  const jobs = useAdminImportsQuery(status);
  const action = useAdminAction();
  return (
    <section aria-labelledby="admin-imports-title">
      <h2 id="admin-imports-title">Import queue</h2>
      <AnyOf className="admin-form" label="Status" value={status} options={IMPORT_STATUSES} onChange={setStatus} />
      {action.isError ? <p className="form-error" role="alert">{toAppError(action.error).message}</p> : null}
      <QueryTable
        query={jobs}
        loading="Loading the import queue"
        label="Import jobs table"
        empty="No import jobs"
        columns={["Job", "Kind", "What", "Status", "Attempts", "Last error", "Action"]}
        rows={(data) =>
          data.map((job) => (
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
      />
    </section>
  );
}

export function ProvidersPanel() {
  const providers = useAdminProvidersQuery();
  return (
    <section aria-labelledby="admin-providers-title">
      <h2 id="admin-providers-title">Providers</h2>
      <QueryTable
        query={providers}
        loading="Loading providers"
        label="Providers table"
        columns={[
          "Provider",
          "Requests today (UTC)",
          "Daily budget",
          "Sync requests 24 h",
          "Retries 24 h",
          "429s 24 h",
          "Last 429",
          "Circuit open, 1 h",
          "Last circuit open",
        ]}
        rows={(data) =>
          Object.entries(data).map(([name, p]) => (
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
      />
    </section>
  );
}

export function CronPanel() {
  const cron = useAdminCronQuery();
  const now = new Date();
  return (
    <section aria-labelledby="admin-cron-title">
      <h2 id="admin-cron-title">pg_cron jobs</h2>
      <QueryTable
        query={cron}
        loading="Loading cron jobs"
        label="pg_cron jobs table"
        columns={["Job", "Schedule", "Active", "Last run (UTC)", "Last status", "Next run (UTC)"]}
        rows={(data) =>
          data.map((job) => (
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
      />
    </section>
  );
}

export function AuditPanel() {
  const audit = useAdminAuditQuery();
  return (
    <section aria-labelledby="admin-audit-title">
      <h2 id="admin-audit-title">Audit trail</h2>
      <QueryTable
        query={audit}
        loading="Loading the audit trail"
        label="Audit trail table"
        empty="No admin actions yet"
        columns={["When (UTC)", "Who", "Action", "Arguments"]}
        rows={(data) =>
          data.map((row) => (
            <tr key={row.id}>
              <th scope="row">{utc(row.created_at)}</th>
              <td>{row.actor_email ?? "—"}</td>
              <td>{row.action}</td>
              <td>
                <code>{JSON.stringify(row.args)}</code>
              </td>
            </tr>
          ))}
      />
    </section>
  );
}
