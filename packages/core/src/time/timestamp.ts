/**
 * Recorded time. A `Timestamp` is a count of milliseconds since the Unix epoch, UTC. Texts are
 * parsed with explicit arithmetic, never through the host's time zone, so a replay gives the
 * same result in every `TZ`. The engine never reads the clock: time comes in with commands.
 */
import * as E from 'fp-ts/Either';

declare const TimestampBrand: unique symbol;
/** Milliseconds since 1970-01-01T00:00:00Z. */
export type Timestamp = number & { readonly [TimestampBrand]: 'Timestamp' };

/** The timestamp of a canonical text (`2026-03-01T10:00:00Z`, optional `.mmm`), or undefined for any other text. */
export const parseCanonicalTimestamp = (text: string): Timestamp | undefined => parseCanonical(text) as Timestamp | undefined;

/** The first and last instants a timestamp may name: years 0000 to 9999 (what ISO-8601 texts can write). */
export const timestampMin = -62167219200000;
export const timestampMax = 253402300799999;

/** True for an integer count of milliseconds within years 0000 to 9999. */
export const isTimestamp = (u: unknown): u is Timestamp =>
  typeof u === 'number' && Number.isSafeInteger(u) && u >= timestampMin && u <= timestampMax;

/** A timestamp from epoch milliseconds (an integer). */
export const fromEpochMillis = (ms: number): Timestamp => {
  if (!Number.isSafeInteger(ms)) throw new RangeError(`not an integer millisecond count: ${ms}`);
  return ms as Timestamp;
};

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

const daysInMonth = (y: number, m: number): number =>
  m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;

/** Days since the epoch of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
const daysFromCivil = (y0: number, m: number, d: number): number => {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
};

/** Two decimal digits at `i`, or -1. */
const two = (s: string, i: number): number => {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};

/**
 * The fast path for the canonical form `YYYY-MM-DDTHH:MM:SS[.f{1,3}]Z` (what the engine writes):
 * plain arithmetic on character codes. Undefined for any other form (the full parser decides).
 */
const parseCanonical = (s: string): number | undefined => {
  const n = s.length;
  if (n < 20 || n === 21 || n > 24 || s.charCodeAt(n - 1) !== 90 /* Z */) return undefined;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  const c = two(s, 0);
  const yy = two(s, 2);
  const mo = two(s, 5);
  const d = two(s, 8);
  const h = two(s, 11);
  const mi = two(s, 14);
  const sec = two(s, 17);
  if (c < 0 || yy < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return undefined;
  const y = c * 100 + yy;
  if (d > daysInMonth(y, mo)) return undefined;
  let ms = 0;
  if (n > 20) {
    if (s.charCodeAt(19) !== 46 /* . */) return undefined;
    let scale = 100;
    for (let i = 20; i < n - 1; i++) {
      const x = s.charCodeAt(i) - 48;
      if (x < 0 || x > 9) return undefined;
      ms += x * scale;
      scale /= 10;
    }
  }
  return ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * 60_000 + sec * 1000 + ms;
};

export interface ParseTimeOptions {
  /**
   * A recorded time (history events): an ISO-8601 date-time with a `T` and an explicit `Z` or offset.
   * Default false: a text without a zone is UTC, and a date alone (or `YYYY-MM-DD hh:mm:ss`) is read too.
   */
  readonly requireZone?: boolean;
}

/**
 * Parses an ISO-8601 date-time: `2026-03-01T10:00:00Z`, with optional fraction (truncated to
 * milliseconds) and offset. Without a zone the text is read as UTC (the seeds' `YYYY-MM-DDThh:mm:ss`);
 * a date alone is its midnight UTC.
 */
export const parseTimestamp = (text: string, options: ParseTimeOptions = {}): E.Either<string, Timestamp> => {
  const fast = parseCanonical(text);
  if (fast !== undefined) return E.right(fast as Timestamp);
  const m = ISO.exec(text);
  if (m === null) return E.left(`${JSON.stringify(text)} is not an ISO-8601 date-time`);
  const [, ys, mos, ds, hs = '0', mis = '0', ss = '0', frac = '', zone] = m;
  if (zone === undefined && options.requireZone === true)
    return E.left(`${JSON.stringify(text)} has no time zone (use Z for UTC)`);
  // ISO-8601 joins a date and a time with a `T`, and a zone belongs to a time: `2026-03-01 10:00Z` and
  // `2026-03-01Z` are no recorded time (decision 5).
  if (options.requireZone === true && (m[4] === undefined || text.charCodeAt(10) !== 84 /* T */))
    return E.left(`${JSON.stringify(text)} is not an ISO-8601 date-time (write 2026-03-01T10:00:00Z)`);
  const y = Number(ys);
  const mo = Number(mos);
  const d = Number(ds);
  const h = Number(hs);
  const mi = Number(mis);
  const s = Number(ss);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59)
    return E.left(`${JSON.stringify(text)} is not a valid date-time`);
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2));
    if (oh > 23 || om > 59) return E.left(`${JSON.stringify(text)} has an invalid offset`);
    offsetMinutes = sign * (oh * 60 + om);
  }
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const epoch = ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * 60_000 + s * 1000 + ms - offsetMinutes * 60_000;
  if (epoch < timestampMin || epoch > timestampMax) return E.left(`${JSON.stringify(text)} is outside years 0000 to 9999 in UTC`);
  return E.right(epoch as Timestamp);
};

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Calendar fields of a timestamp in UTC (civil_from_days). */
const civil = (t: Timestamp): { y: number; mo: number; d: number; h: number; mi: number; s: number; ms: number } => {
  const days = Math.floor(t / 86_400_000);
  let rest = t - days * 86_400_000;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const mo = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (mo <= 2 ? 1 : 0);
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const mi = Math.floor(rest / 60_000);
  rest -= mi * 60_000;
  const s = Math.floor(rest / 1000);
  return { y, mo, d, h, mi, s, ms: rest - s * 1000 };
};

/**
 * The canonical text of a timestamp: `2026-03-01T10:00:00Z`, with `.mmm` only when there are milliseconds.
 */
export const formatTimestamp = (t: Timestamp): string => {
  const c = civil(t);
  const base = `${pad(c.y, 4)}-${pad(c.mo, 2)}-${pad(c.d, 2)}T${pad(c.h, 2)}:${pad(c.mi, 2)}:${pad(c.s, 2)}`;
  return c.ms === 0 ? `${base}Z` : `${base}.${pad(c.ms, 3)}Z`;
};

/** The seeds' display form `2021-07-16 15:53:42` (UTC). */
export const formatSeedDateTime = (t: Timestamp): string => formatTimestamp(t).slice(0, 19).replace('T', ' ');

/** `t` plus a number of days. */
export const addDays = (t: Timestamp, days: number): Timestamp => (t + days * 86_400_000) as Timestamp;

/** The later of two timestamps. */
export const later = (a: Timestamp, b: Timestamp): Timestamp => (a >= b ? a : b);

/**
 * A timestamp from a literal, for code and tests that hold a known-good value.
 * @example ts('2026-03-01T10:00:00Z')
 */
export const ts = (text: string): Timestamp => {
  const r = parseTimestamp(text);
  if (E.isLeft(r)) throw new RangeError(r.left);
  return r.right;
};
