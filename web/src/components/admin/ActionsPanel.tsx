// The console's actions: run a sync now (limit, dry run, artist), refresh
// trending, rebuild or re-score one show. Each is an audited admin RPC; the
// answer or the refusal is shown under the form.

import { type FormEvent, useState } from "react";
import { type AdminAction, SYNC_JOBS, useAdminAction } from "../../data/admin.ts";
import { toAppError } from "../../lib/refusals.ts";

/** The actions on one show, by its id: the RPC and the button's words. */
const SHOW_ACTIONS = [
  ["admin_rebuild_prediction", "Rebuild prediction"],
  ["admin_rescore_show", "Re-score show"],
] as const;

export function ActionsPanel() {
  const action = useAdminAction();
  const [job, setJob] = useState(SYNC_JOBS[0]);
  const [limit, setLimit] = useState("");
  const [dryRun, setDryRun] = useState(false);
  const [artistId, setArtistId] = useState("");
  const [showId, setShowId] = useState("");
  const run = (next: AdminAction) => action.mutate(next);

  const runSync = (event: FormEvent) => {
    event.preventDefault();
    run({
      rpc: "admin_run_sync",
      args: {
        job,
        dry_run: dryRun,
        ...(limit ? { sync_limit: Number(limit) } : {}),
        ...(artistId.trim() ? { artist_id: artistId.trim() } : {}),
      },
    });
  };
  return (
    <section aria-labelledby="admin-actions-title">
      <h2 id="admin-actions-title">Actions</h2>
      <form className="admin-form" onSubmit={runSync} aria-label="Run a sync now">
        <label>
          Job
          <select value={job} onChange={(event) => setJob(event.target.value)}>
            {SYNC_JOBS.map((slug) => <option key={slug} value={slug}>{slug}</option>)}
          </select>
        </label>
        <label>
          Limit
          <input type="number" min={1} max={1000} value={limit} onChange={(event) => setLimit(event.target.value)} />
        </label>
        <label>
          Artist id
          <input value={artistId} onChange={(event) => setArtistId(event.target.value)} placeholder="optional uuid" />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={dryRun} onChange={(event) => setDryRun(event.target.checked)} />
          Dry run
        </label>
        <button type="submit" className="button button-primary" disabled={action.isPending}>Run sync now</button>
      </form>
      <div className="admin-form">
        <button
          type="button"
          className="button"
          disabled={action.isPending}
          onClick={() => run({ rpc: "admin_refresh_trending", args: {} })}
        >
          Refresh trending
        </button>
        <label>
          Show id
          <input value={showId} onChange={(event) => setShowId(event.target.value)} placeholder="show uuid" />
        </label>
        {SHOW_ACTIONS.map(([rpc, label]) => (
          <button
            key={rpc}
            type="button"
            className="button"
            disabled={action.isPending || !showId.trim()}
            onClick={() => run({ rpc, args: { show_id: showId.trim() } })}
          >
            {label}
          </button>
        ))}
      </div>
      <div aria-live="polite" data-testid="admin-action-result">
        {action.isError
          ? <p className="form-error" role="alert">{toAppError(action.error).message}</p>
          : action.isSuccess
          ? (
            <p>
              Done: <code>{JSON.stringify(action.data)}</code>
            </p>
          )
          : null}
      </div>
    </section>
  );
}
