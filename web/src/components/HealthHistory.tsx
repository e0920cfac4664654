// The sync's state day by day (sync_health_history): one cell per UTC day,
// coloured by the day's worst state, with the same facts as a table for screen
// readers. A day with no record says so; it is never filled in.

export interface HealthDay {
  day: string;
  state: string | null;
  worst_state: string | null;
  coverage: number | null;
}

export function HealthHistory({ days, title = "The last 30 days" }: { days: HealthDay[]; title?: string }) {
  return (
    <figure className="health-history">
      <figcaption>{title} (each day's worst state, UTC)</figcaption>
      <ol className="health-history-strip" aria-hidden="true">
        {days.map((day) => (
          <li
            key={day.day}
            className={`history-cell state-${(day.worst_state ?? "none").toLowerCase()}`}
            title={`${day.day}: ${day.worst_state ?? "no record"}`}
          />
        ))}
      </ol>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">day</th>
            <th scope="col">worst state</th>
            <th scope="col">last state</th>
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr key={day.day}>
              <th scope="row">{day.day}</th>
              <td>{day.worst_state ?? "no record"}</td>
              <td>{day.state ?? "no record"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
