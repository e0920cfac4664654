// Sync runs, filterable by job, status and date (UTC days), newest first;
// choosing one shows its errors and its log lines (sync_run_events).

import { useState } from "react";
import { type RunFilters, SYNC_JOBS, useAdminRunQuery, useAdminRunsQuery } from "../../data/admin.ts";
import { ErrorState, Skeleton } from "../States.tsx";
import { AnyOf } from "./AnyOf.tsx";
import { QueryTable } from "./QueryTable.tsx";

const STATUSES = ["running", "ok", "partial", "failed"];

export function RunsPanel() {
  const [filters, setFilters] = useState<RunFilters>({ job: "", status: "", from: "", to: "" });
  const [selected, setSelected] = useState<number | null>(null);
  const runs = useAdminRunsQuery(filters);
  const set = (key: keyof RunFilters) => (value: string) => setFilters((current) => ({ ...current, [key]: value }));
  return (
    <section aria-labelledby="admin-runs-title">
      <h2 id="admin-runs-title">Sync runs</h2>
      <div className="admin-form" role="group" aria-label="Filter sync runs">
        <AnyOf label="Job" value={filters.job} options={SYNC_JOBS} onChange={set("job")} />
        <AnyOf label="Status" value={filters.status} options={STATUSES} onChange={set("status")} />
        <label>
          From
          <input type="date" value={filters.from} onChange={(event) => set("from")(event.target.value)} />
        </label>
        <label>
          To
          <input type="date" value={filters.to} onChange={(event) => set("to")(event.target.value)} />
        </label>
      </div>
      <QueryTable
        query={runs}
        lines={4}
        loading="Loading sync runs"
        label="Sync runs table"
        empty="No runs match"
        columns={["Run", "Job", "Trigger", "Started (UTC)", "Status", "Written", "Failed", "Errors"]}
        rows={(data) =>
          data.map((run) => (
            <tr key={run.id}>
              <th scope="row">
                <button type="button" className="link-button" onClick={() => setSelected(run.id)}>
                  #{run.id}
                </button>
              </th>
              <td>{run.job}</td>
              <td>{run.trigger}</td>
              <td>{run.started_at.replace("T", " ").slice(0, 19)}</td>
              <td>
                <span className={`badge badge-run-${run.status}`}>{run.status}</span>
              </td>
              <td>{run.items_written}</td>
              <td>{run.items_failed}</td>
              <td>{run.errors}</td>
            </tr>
          ))}
      />
      {selected !== null ? <RunDetailView runId={selected} /> : null}
    </section>
  );
}

function RunDetailView({ runId }: { runId: number }) {
  const detail = useAdminRunQuery(runId);
  return (
    <section className="run-detail" aria-labelledby="run-detail-title">
      <h3 id="run-detail-title">Run #{runId}</h3>
      {detail.isPending
        ? <Skeleton lines={3} label="Loading the run" />
        : detail.isError
        ? <ErrorState error={detail.error} onRetry={() => detail.refetch()} />
        : (
          <>
            {detail.data.run.error ? <p className="form-error">{detail.data.run.error}</p> : null}
            <h4>Errors ({detail.data.errors.length})</h4>
            {detail.data.errors.length === 0 ? <p>None.</p> : (
              <ul>
                {detail.data.errors.map((error) => (
                  <li key={error.id}>
                    <strong>{error.provider}</strong> {error.item_key ?? ""}: {error.message}
                  </li>
                ))}
              </ul>
            )}
            <h4>Log ({detail.data.events.length} lines)</h4>
            {detail.data.events.length === 0
              ? <p>No log lines were stored for this run.</p>
              : (
                <pre className="run-log" data-testid="run-log">
                  {detail.data.events.map((line) => JSON.stringify({ at: line.at, level: line.level, event: line.event, ...line.fields })).join("\n")}
                </pre>
              )}
          </>
        )}
    </section>
  );
}
