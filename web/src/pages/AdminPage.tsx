// The operators' console (/admin, loaded only for an admin's session by
// AdminRoute): health with its sub-scores and 30 days of history, the actions
// (each an audited admin RPC), sync runs with their errors and log lines, the
// import queue, the providers' budgets and rate limiting, pg_cron's jobs, and
// the audit trail. Everything comes from admin RPCs that check the claim in SQL.

import { usePageTitle } from "../app/Layout.tsx";
import { ErrorState, Skeleton } from "../components/States.tsx";
import { ActionsPanel } from "../components/admin/ActionsPanel.tsx";
import { RunsPanel } from "../components/admin/RunsPanel.tsx";
import { AuditPanel, CronPanel, ImportsPanel, ProvidersPanel } from "../components/admin/OpsPanels.tsx";
import { HealthHistory } from "../components/HealthHistory.tsx";
import { useAdminHealthQuery } from "../data/admin.ts";

export default function AdminPage() {
  usePageTitle("Admin");
  return (
    <div className="page admin-page">
      <h1>Admin console</h1>
      <HealthPanel />
      <ActionsPanel />
      <RunsPanel />
      <ImportsPanel />
      <ProvidersPanel />
      <CronPanel />
      <AuditPanel />
    </div>
  );
}

function HealthPanel() {
  const query = useAdminHealthQuery();
  return (
    <section aria-labelledby="admin-health-title">
      <h2 id="admin-health-title">Health</h2>
      {query.isPending
        ? <Skeleton lines={3} label="Loading health" />
        : query.isError
        ? <ErrorState error={query.error} onRetry={() => query.refetch()} />
        : (
          <>
            <p>
              State <strong data-testid="admin-health-state">{query.data.state}</strong> over the last{" "}
              {query.data.hours} hours.
            </p>
            {query.data.reasons.length
              ? <ul className="reasons">{query.data.reasons.map((reason) => <li key={reason}>{reason}</li>)}</ul>
              : null}
            <dl className="stat-grid">
              {Object.entries(query.data.scores).map(([name, score]) => (
                <div key={name} className={score.state === "bad" ? "gap" : undefined}>
                  <dt>{name.replace(/_/g, " ")}</dt>
                  <dd>
                    {score.state}
                    {typeof score.value === "number" ? ` (${score.value})` : ""}
                  </dd>
                </div>
              ))}
            </dl>
            <HealthHistory days={query.data.history} />
          </>
        )}
    </section>
  );
}
