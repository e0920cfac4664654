// When a pg_cron schedule runs next. pg_cron reads five fields (minute, hour,
// day of month, month, day of week) in UTC, each `*`, `*/n`, `a`, `a-b`,
// `a-b/n` or a comma list of those; a day of month and a day of week both
// restricted match either, as in cron. The console shows the next run beside
// each job; pg_cron itself keeps no such column.

const FIELDS: [number, number][] = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]];

function parseField(text: string, [min, max]: [number, number]): Set<number> | null {
  const values = new Set<number>();
  for (const part of text.split(",")) {
    const match = part.match(/^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/);
    if (!match) return null;
    const step = match[4] ? Number(match[4]) : 1;
    const from = match[1] === "*" ? min : Number(match[2]);
    const to = match[1] === "*" ? max : match[3] !== undefined ? Number(match[3]) : match[4] ? max : from;
    if (step < 1 || from < min || to > max || from > to) return null;
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return values;
}

/**
 * The first minute strictly after `from` that the schedule matches, or null
 * when it cannot be read (pg_cron's "30 seconds" form, @reboot) or nothing
 * matches within a year.
 */
export function nextCronRun(schedule: string, from: Date): Date | null {
  const parts = schedule.trim().split(/\s+/);
  if (parts.length !== 5) return null;
  const fields = parts.map((part, index) => parseField(part, FIELDS[index]));
  if (fields.some((field) => field === null)) return null;
  const [minutes, hours, days, months, weekdays] = fields as Set<number>[];
  if (weekdays.has(7)) weekdays.add(0);
  const dayRestricted = parts[2] !== "*";
  const weekdayRestricted = parts[4] !== "*";
  const dayMatches = (date: Date) => {
    const byDay = days.has(date.getUTCDate());
    const byWeekday = weekdays.has(date.getUTCDay());
    if (dayRestricted && weekdayRestricted) return byDay || byWeekday;
    return byDay && byWeekday;
  };
  const candidate = new Date(from.getTime());
  candidate.setUTCSeconds(0, 0);
  candidate.setUTCMinutes(candidate.getUTCMinutes() + 1);
  const limit = from.getTime() + 366 * 86_400_000;
  while (candidate.getTime() <= limit) {
    if (!months.has(candidate.getUTCMonth() + 1) || !dayMatches(candidate)) {
      candidate.setUTCDate(candidate.getUTCDate() + 1);
      candidate.setUTCHours(0, 0, 0, 0);
    } else if (!hours.has(candidate.getUTCHours())) {
      candidate.setUTCHours(candidate.getUTCHours() + 1, 0, 0, 0);
    } else if (!minutes.has(candidate.getUTCMinutes())) {
      candidate.setUTCMinutes(candidate.getUTCMinutes() + 1, 0, 0);
    } else {
      return candidate;
    }
  }
  return null;
}
