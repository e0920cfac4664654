// Previous / next through a long list, with where you are in words.

export function Pager({ page, pageSize, total, onPage, label }: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  label: string;
}) {
  if (total <= pageSize) return null;
  const pages = Math.ceil(total / pageSize);
  const first = page * pageSize + 1;
  const last = Math.min(total, first + pageSize - 1);
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" className="button button-small" disabled={page === 0} onClick={() => onPage(page - 1)}>
        Newer
      </button>
      <span className="card-meta" aria-live="polite">{first}–{last} of {total}</span>
      <button
        type="button"
        className="button button-small"
        disabled={page + 1 >= pages}
        onClick={() => onPage(page + 1)}
      >
        Older
      </button>
    </nav>
  );
}
