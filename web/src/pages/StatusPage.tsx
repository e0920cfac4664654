// Status: the sync's health as anyone may see it (sync_health_summary). The
// overall state and why, what the database holds, where data is missing, how
// fresh it is (those counts as of the census pg_cron takes every minute), each
// job's last run and error rate over 24 hours, and runs and items hour by hour
// over 48 hours. Error text stays with the operators
// (select sync_health();).

import { usePageTitle } from "../app/Layout.tsx";
import { BarChart } from "../components/BarChart.tsx";
import { EmptyState, ErrorState, Skeleton } from "../components/States.tsx";
import {
  formatAsOf,
  formatShare,
  type Freshness,
  type HealthState,
  type HealthSummary,
  type JobHealth,
  useHealthHistoryQuery,
  useHealthSummaryQuery,
} from "../data/status.ts";
import { HealthHistory } from "../components/HealthHistory.tsx";
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

export function humanize(key: string): string {
  const text = key.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** An hourly bucket's label: the hour in UTC, as the series is bucketed. */
function hourLabel(bucket: string): string {
  const date = new Date(bucket);
  if (Number.isNaN(date.getTime())) return bucket;
  return date.toLocaleTimeString("en-US", { hour: "numeric", timeZone: "UTC" });
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
          {health.coverage !== null ? <span className="coverage">coverage {formatShare(health.coverage)}</span> : null}
        </h2>
        <p>{STATE_TEXT[health.state]}</p>
        {health.reasons.length
          ? <ul className="reasons">{health.reasons.map((reason) => <li key={reason}>{reason}</li>)}</ul>
          : null}
        {health.generatedAt ? <p className="card-meta">Checked {timeAgo(health.generatedAt, now)}</p> : null}
        <CountedAt countedAt={health.countedAt} />
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
        <FreshnessList freshness={health.freshness} now={now} />
      </section>

      <section aria-labelledby="jobs-title">
        <h2 id="jobs-title">Jobs in the last 24 hours</h2>
        {health.jobs.length === 0
          ? <EmptyState title="No sync has run yet">Each sync job appears here after its first run.</EmptyState>
          : <JobsTable jobs={health.jobs} now={now} />}
      </section>

      <HistorySection />

      <section aria-labelledby="charts-title">
        <h2 id="charts-title">The last 48 hours</h2>
        {health.series.every((point) => point.runs === 0)
          ? <EmptyState title="No sync runs in the last 48 hours" />
          : (
            <div className="two-columns">
              <BarChart
                title="Sync runs per hour, UTC (failed on top)"
                unit="runs"
                bars={health.series.map((point) => ({
                  label: hourLabel(point.bucket),
                  value: point.runs - point.failed,
                  alert: point.failed,
                }))}
              />
              <BarChart
                title="Items written per hour, UTC"
                unit="items"
                bars={health.series.map((point) => ({ label: hourLabel(point.bucket), value: point.items }))}
              />
            </div>
          )}
      </section>
    </>
  );
}

/** The census the counts come from: its time, so nobody reads minute-old counts as live ones. */
function CountedAt({ countedAt }: { countedAt: string | null }) {
  const asOf = formatAsOf(countedAt);
  return (
    <p className="card-meta" data-testid="counted-at">
      {asOf && countedAt
        ? (
          <>
            Totals, gaps, freshness and coverage as of <time dateTime={countedAt}>{asOf}</time> (counted every minute)
          </>
        )
        : "The catalogue has not been counted yet."}
    </p>
  );
}

function HistorySection() {
  const history = useHealthHistoryQuery();
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">The state, day by day</h2>
      {history.isPending
        ? <Skeleton lines={1} label="Loading the state's history" />
        : history.isError
        ? <ErrorState title="Couldn't load the history" error={history.error} onRetry={() => history.refetch()} />
        : history.data.every((day) => day.state === null)
        ? <EmptyState title="No history yet">The state is recorded every hour; days appear as they are.</EmptyState>
        : <HealthHistory days={history.data} />}
    </section>
  );
}

function FreshnessList({ freshness, now }: { freshness: Freshness; now: Date }) {
  const share = (value: number | null, none: string) => (value === null ? none : formatShare(value));
  return (
    <dl className="stat-grid">
      <div>
        <dt>Catalogs synced in the last 3 days</dt>
        <dd>{share(freshness.catalogsFreshShare, "no artists yet")}</dd>
      </div>
      <div>
        <dt>Upcoming shows seen by the last tour sync</dt>
        <dd>{share(freshness.upcomingSeenShare, "no upcoming shows")}</dd>
      </div>
      <div>
        <dt>Last tour sync</dt>
        <dd>
          {freshness.lastTourSyncAt
            ? <time dateTime={freshness.lastTourSyncAt}>{timeAgo(freshness.lastTourSyncAt, now)}</time>
            : "never"}
        </dd>
      </div>
    </dl>
  );
}

function JobsTable({ jobs, now }: { jobs: JobHealth[]; now: Date }) {
  return (
    // on a phone the table scrolls sideways: focusable and named, so the keyboard can scroll it too
    <div className="table-scroll" role="region" aria-label="Jobs table" tabIndex={0}>
      <table className="jobs-table">
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Last run</th>
            <th scope="col">Last status</th>
            <th scope="col">Runs</th>
            <th scope="col">OK</th>
            <th scope="col">Partial</th>
            <th scope="col">Failed</th>
            <th scope="col">Item errors</th>
            <th scope="col">Error rate</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.job}>
              <th scope="row">{job.job}</th>
              <td>
                {job.lastRun
                  ? <time dateTime={job.lastRun.startedAt}>{timeAgo(job.lastRun.startedAt, now)}</time>
                  : "never"}
              </td>
              <td>
                <span className={`badge badge-run-${job.lastRun?.status ?? "none"}`}>
                  {job.lastRun?.status ?? "—"}
                </span>
              </td>
              <td>{job.runs}</td>
              <td>{job.ok}</td>
              <td>{job.partial}</td>
              <td>{job.failed}</td>
              <td>{job.itemErrors}</td>
              <td className={job.errorRate > 0 ? "error-rate bad" : "error-rate"}>
                {job.runs === 0 ? "—" : formatShare(job.errorRate)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
