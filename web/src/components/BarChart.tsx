// A small SVG bar chart (no chart library: a few dozen bars need none). Each
// bar can stack two values (e.g. ok runs and failed runs). Screen readers get
// the same numbers as a table.

export interface Bar {
  label: string;
  value: number;
  /** drawn on top of value in the alert colour, e.g. failed runs */
  alert?: number;
}

export function BarChart({ title, bars, unit, height = 140 }: {
  title: string;
  bars: Bar[];
  unit: string;
  height?: number;
}) {
  const width = 600;
  const max = Math.max(1, ...bars.map((bar) => bar.value + (bar.alert ?? 0)));
  // room for the top tick's digits (about 7 units each at the tick size), so 19025 is not cut off
  const padding = { top: 10, right: 8, bottom: 24, left: Math.max(36, 12 + 7 * String(max).length) };
  const plotWidth = width - padding.left - padding.right;
  const plotHeight = height - padding.top - padding.bottom;
  const slot = bars.length ? plotWidth / bars.length : plotWidth;
  const barWidth = Math.max(2, slot * 0.7);
  const scale = (value: number) => (value / max) * plotHeight;
  const labelEvery = Math.max(1, Math.ceil(bars.length / 8));
  const hasAlerts = bars.some((bar) => bar.alert !== undefined);
  const titleId = `chart-${title.replace(/\W+/g, "-").toLowerCase()}`;

  return (
    <figure className="chart">
      <figcaption id={titleId}>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={titleId} preserveAspectRatio="none">
        <line
          x1={padding.left}
          x2={width - padding.right}
          y1={padding.top + plotHeight}
          y2={padding.top + plotHeight}
          className="chart-axis"
        />
        <text x={padding.left - 6} y={padding.top + 8} textAnchor="end" className="chart-tick">{max}</text>
        <text x={padding.left - 6} y={padding.top + plotHeight} textAnchor="end" className="chart-tick">0</text>
        {bars.map((bar, index) => {
          const x = padding.left + index * slot + (slot - barWidth) / 2;
          const valueHeight = scale(bar.value);
          const alertHeight = scale(bar.alert ?? 0);
          const base = padding.top + plotHeight;
          return (
            <g key={`${bar.label}-${index}`}>
              <rect x={x} y={base - valueHeight} width={barWidth} height={valueHeight} className="chart-bar" />
              {alertHeight > 0
                ? (
                  <rect
                    x={x}
                    y={base - valueHeight - alertHeight}
                    width={barWidth}
                    height={alertHeight}
                    className="chart-bar-alert"
                  />
                )
                : null}
              {index % labelEvery === 0
                ? (
                  <text x={x + barWidth / 2} y={height - 6} textAnchor="middle" className="chart-tick">
                    {bar.label}
                  </text>
                )
                : null}
            </g>
          );
        })}
      </svg>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">period</th>
            <th scope="col">{unit}</th>
            {hasAlerts ? <th scope="col">failed</th> : null}
          </tr>
        </thead>
        <tbody>
          {bars.map((bar, index) => (
            <tr key={`${bar.label}-${index}`}>
              <th scope="row">{bar.label}</th>
              <td>{bar.value}</td>
              {hasAlerts ? <td>{bar.alert ?? 0}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
