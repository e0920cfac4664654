// Status: the sync health document for operators. The overall state, what
// the database holds, where data is missing, how fresh each source is, each
// job's last run and error rate, and runs and items over time.

import { usePageTitle } from "../app/Layout.tsx";
import { BarChart } from "../components/BarChart.tsx";
import { EmptyState, ErrorState, Skeleton } from "../components/States.tsx";
import { type HealthState, type HealthSummary, useHealthSummaryQuery } from "../data/status.ts";
import { timeAgo } from "../lib/time.ts";

const STATE_TEXT: Record<HealthState, string> = {
  perfect: "Everything the sync should have is there and fresh.",
  excellent: "Nearly everything is there and fresh.",
  good: "Most data is there and fresh; some gaps or recent failures.",
  fair: "Noticeable gaps or stale data.",
  poor: "Large gaps: the sync is falling behind.",
  error: "A sync is failing, or nothing has been synced yet.",
  unknown: "The health document did not say.",
};

const STATE_LABEL: Record<HealthState, string> = {
  perfect: "Perfect",
  excellent: "Excellent",
  good: "Good",
  fair: "Fair",
  poor: "Poor",
  error: "Error",
  unknown: "Unknown",
};

const percent = (share: number) => `${(share * 100).toFixed(share === 1 || share === 0 ? 0 : 1)}%`;

export function humanize(key: string): string {
  const text = key.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function shortBucket(bucket: string): string {
  const date = new Date(bucket);
  if (Number.isNaN(date.getTime())) return bucket;
  return bucket.length <= 10
    ? date.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" })
    : date.toLocaleTimeString("en-US", { hour: "numeric", timeZone: "UTC" });
}

export default function StatusPage() {
  usePageTitle("Status");
  const query = useHealthSummaryQuery();
  const now = new Date();
  return (
    <div className="page status-page">
      <h1>Sync status</h1>
      {query.isPending
        ? <Skeleton lines={10} label="Loading sync health" />
        : query.isError
        ? <ErrorState title="Couldn't load sync health" error={query.error} onRetry={() => query.refetch()} />
        : <HealthReport health={query.data} now={now} />}
    </div>
  );
}

function HealthReport({ health, now }: { health: HealthSummary; now: Date }) {
  return (
    <>
      <section className={`state-banner state-${health.state}`} aria-labelledby="state-title">
        <h2 id="state-title">
          State: <span data-testid="health-state">{STATE_LABEL[health.state]}</span>
          {health.coverage !== null ? <span className="coverage">coverage {percent(health.coverage)}</span> : null}
        </h2>
        <p>{STATE_TEXT[health.state]}</p>
        {health.reasons.length
          ? <ul className="reasons">{health.reasons.map((reason) => <li key={reason}>{reason}</li>)}</ul>
          : null}
        {health.generatedAt ? <p className="card-meta">Checked {timeAgo(health.generatedAt, now)}</p> : null}
      </section>

      <div className="two-columns">
        <section aria-labelledby="totals-title">
          <h2 id="totals-title">Totals</h2>
          {health.totals.length === 0 ? <EmptyState title="No totals reported" /> : (
            <dl className="stat-grid">
              {health.totals.map(([key, value]) => (
                <div key={key}>
                  <dt>{humanize(key)}</dt>
                  <dd>{value.toLocaleString("en-US")}</dd>
                </div>
              ))}
            </dl>
          )}
        </section>
        <section aria-labelledby="gaps-title">
          <h2 id="gaps-title">Gaps</h2>
          {health.gaps.length === 0 ? <EmptyState title="No gaps reported" /> : (
            <dl className="stat-grid">
              {health.gaps.map(([key, value]) => (
                <div key={key} className={value > 0 ? "gap" : undefined}>
                  <dt>{humanize(key)}</dt>
                  <dd>{value.toLocaleString("en-US")}</dd>
                </div>
              ))}
            </dl>
          )}
        </section>
      </div>

      <section aria-labelledby="freshness-title">
        <h2 id="freshness-title">Freshness</h2>
        {health.freshness.length === 0
          ? <EmptyState title="Not in the public summary">Operators read it with select sync_health();</EmptyState>
          : (
            <dl className="stat-grid">
              {health.freshness.map(([key, value]) => (
                <div key={key}>
                  <dt>{humanize(key)}</dt>
                  <dd>
                    {value.kind === "share"
                      ? percent(value.share)
                      : value.at
                      ? <time dateTime={value.at}>{timeAgo(value.at, now)}</time>
                      : "never"}
                  </dd>
                </div>
              ))}
            </dl>
          )}
      </section>

      <section aria-labelledby="jobs-title">
        <h2 id="jobs-title">Jobs</h2>
        {health.jobs.length === 0
          ? <EmptyState title="Not in the public summary">Operators read it with select sync_health();</EmptyState>
          : (
            <div className="table-scroll">
              <table className="jobs-table">
                <thead>
                  <tr>
                    <th scope="col">Job</th>
                    <th scope="col">Last run</th>
                    <th scope="col">Last status</th>
                    <th scope="col">Runs</th>
                    <th scope="col">Failed</th>
                    <th scope="col">Error rate</th>
                  </tr>
                </thead>
                <tbody>
                  {health.jobs.map((job) => (
                    <tr key={job.job}>
                      <th scope="row">{job.job}</th>
                      <td>
                        {job.lastRunAt ? <time dateTime={job.lastRunAt}>{timeAgo(job.lastRunAt, now)}</time> : "never"}
                      </td>
                      <td>
                        <span className={`badge badge-run-${job.lastStatus ?? "none"}`}>{job.lastStatus ?? "—"}</span>
                      </td>
                      <td>{job.runs}</td>
                      <td>{job.failed}</td>
                      <td className={job.errorRate > 0 ? "error-rate bad" : "error-rate"}>
                        {(job.errorRate * 100).toFixed(job.errorRate > 0 && job.errorRate < 0.1 ? 1 : 0)}%
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
      </section>

      <section aria-labelledby="charts-title">
        <h2 id="charts-title">Over time</h2>
        {health.series.length === 0
          ? <EmptyState title="Not in the public summary">Operators read it with select sync_health();</EmptyState>
          : (
            <div className="two-columns">
              <BarChart
                title="Sync runs (failed on top)"
                unit="runs"
                bars={health.series.map((point) => ({
                  label: shortBucket(point.bucket),
                  value: point.runs - point.failed,
                  alert: point.failed,
                }))}
              />
              <BarChart
                title="Items written"
                unit="items"
                bars={health.series.map((point) => ({ label: shortBucket(point.bucket), value: point.items }))}
              />
            </div>
          )}
      </section>
    </>
  );
}
