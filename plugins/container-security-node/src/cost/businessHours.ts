/**
 * When people use the services: hours on some weekdays, in a time zone.
 *
 * @public
 */
export interface BusinessHours {
  /** IANA time zone, e.g. `Europe/Berlin`. */
  timezone: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  days: number[];
  /** First business hour, 0–23. */
  startHour: number;
  /** First hour after business, 1–24. */
  endHour: number;
}

/**
 * Monday to Friday, 08:00 to 19:00 UTC.
 *
 * @public
 */
export const DEFAULT_BUSINESS_HOURS: BusinessHours = {
  timezone: 'UTC',
  days: [1, 2, 3, 4, 5],
  startHour: 8,
  endHour: 19,
};

const WEEKDAYS: Record<string, number> = {
  Mon: 1,
  Tue: 2,
  Wed: 3,
  Thu: 4,
  Fri: 5,
  Sat: 6,
  Sun: 7,
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      weekday: 'short',
      hour: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/**
 * Whether an instant falls in business hours, in the configured time zone (daylight
 * saving included). Throws a RangeError for an unknown time zone.
 *
 * @public
 */
export function isBusinessHour(instant: Date, hours: BusinessHours): boolean {
  const parts = formatterFor(hours.timezone).formatToParts(instant);
  const weekday = WEEKDAYS[parts.find(p => p.type === 'weekday')?.value ?? ''];
  const hour = Number(parts.find(p => p.type === 'hour')?.value);
  return (
    hours.days.includes(weekday) &&
    hour >= hours.startHour &&
    hour < hours.endHour
  );
}

/**
 * The share of a week that lies outside business hours.
 *
 * @public
 */
export function offHoursFraction(hours: BusinessHours): number {
  const days = new Set(hours.days.filter(d => d >= 1 && d <= 7)).size;
  const perDay = Math.max(
    0,
    Math.min(24, hours.endHour) - Math.max(0, hours.startHour),
  );
  return 1 - (days * perDay) / (7 * 24);
}
