// One table of the admin console over one query: a skeleton while it loads, the
// error with a retry when it fails, an empty state when it has no rows (where
// the panel names one), else a scrollable table region with its column headers.

import type { ReactNode } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { EmptyState, ErrorState, Skeleton } from "../States.tsx";

interface QueryTableProps<T> {
  query: UseQueryResult<T>;
  /** the skeleton's label while the query loads */
  loading: string;
  /** skeleton lines while loading */
  lines?: number;
  /** the table region's accessible name */
  label: string;
  /** the column headers, in order */
  columns: string[];
  /** the table's rows (each a <tr> with its key) from the loaded data */
  rows: (data: T) => ReactNode[];
  /** the empty state's title when there are no rows; without one an empty table shows */
  empty?: string;
}

export function QueryTable<T>({ query, loading, lines = 3, label, columns, rows, empty }: QueryTableProps<T>) {
  if (query.isPending) return <Skeleton lines={lines} label={loading} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const body = rows(query.data);
  if (empty !== undefined && body.length === 0) return <EmptyState title={empty} />;
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      <table className="jobs-table">
        <thead>
          <tr>
            {columns.map((column) => <th key={column} scope="col">{column}</th>)}
          </tr>
        </thead>
        <tbody>{body}</tbody>
      </table>
    </div>
  );
}
