/**
 * Recorded time: ISO-8601 parsing (zones, offsets, fractions, leap days, invalid dates) by explicit
 * arithmetic, so that the host's time zone never changes a result; and the canonical text.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import typescript from 'typescript';
import { Timestamp, addDays, formatSeedDateTime, formatTimestamp, fromEpochMillis, isTimestamp, later, parseTimestamp, timestampMax, timestampMin, ts } from '@pointfold/core';

const parsed = (text: string, requireZone = false): number | 'invalid' => {
  const r = parseTimestamp(text, { requireZone });
  return E.isLeft(r) ? 'invalid' : r.right;
};

describe('parseTimestamp', () => {
  it.each([
    ['2026-03-01T10:00:00Z', Date.UTC(2026, 2, 1, 10)],
    ['2026-03-01T10:00:00.5Z', Date.UTC(2026, 2, 1, 10, 0, 0, 500)],
    ['2026-03-01T10:00:00.12Z', Date.UTC(2026, 2, 1, 10, 0, 0, 120)],
    ['2026-03-01T10:00:00.123Z', Date.UTC(2026, 2, 1, 10, 0, 0, 123)],
    ['2026-03-01T10:00:00.123999999Z', Date.UTC(2026, 2, 1, 10, 0, 0, 123)],
    ['2026-03-01T10:00:00.9999Z', Date.UTC(2026, 2, 1, 10, 0, 0, 999)],
    ['2026-03-01T10:00:00+05:30', Date.UTC(2026, 2, 1, 4, 30)],
    ['2026-03-01T10:00:00+0530', Date.UTC(2026, 2, 1, 4, 30)],
    ['2026-03-01T10:00:00-08:00', Date.UTC(2026, 2, 1, 18)],
    ['2026-03-01T01:00:00+02:00', Date.UTC(2026, 1, 28, 23)],
    ['2026-03-01T10:00:00+00:00', Date.UTC(2026, 2, 1, 10)],
    ['2026-03-01T10:00:00-00:00', Date.UTC(2026, 2, 1, 10)],
    ['2026-03-01T10:00:00', Date.UTC(2026, 2, 1, 10)],
    ['2026-03-01 10:00:00', Date.UTC(2026, 2, 1, 10)],
    ['2026-03-01T10:00', Date.UTC(2026, 2, 1, 10)],
    ['2026-03-01', Date.UTC(2026, 2, 1)],
    ['1970-01-01T00:00:00Z', 0],
    ['1969-12-31T23:59:59.999Z', -1],
    ['9999-12-31T23:59:59.999Z', Date.UTC(9999, 11, 31, 23, 59, 59, 999)],
  ])('reads %p', (text, epoch) => {
    expect(parsed(text)).toBe(epoch);
  });

  it.each([
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
  ])('reads the leap day %p', (text, epoch) => {
    expect(parsed(text)).toBe(epoch);
  });

  it.each([
    '2023-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2026-02-30T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-00-10T00:00:00Z',
    '2026-01-00T00:00:00Z',
    '2026-01-32T00:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T23:60:00Z',
    '2026-12-31T23:59:60Z',
    '2026-01-01T00:00:00+24:00',
    '2026-01-01T00:00:00+05:60',
    '2026-01-01T00:00:00+5',
    '2026-01-01T00:00:00z',
    '2026-01-01T00:00:00.Z',
    '2026-01-01T00:00:00.12aZ',
    '2026-03-01T10:00:00,5Z',
    '202:-03-01T10:00:00Z',
    '20:6-03-01T10:00:00Z',
    '202/-03-01T10:00:00Z',
    '2026-01-01T00:00:00.1234567890Z',
    '2026-3-1',
    ' 2026-01-01T00:00:00Z',
    '2026-01-01T00:00:00Z ',
    '2026-01-01T00:00:00ZZ',
    '+2026-01-01T00:00:00Z',
    '',
    'not a date',
  ])('refuses %p', (text) => {
    expect(parsed(text)).toBe('invalid');
  });

  it('reads the first and last instants of years 0000 to 9999, and refuses a millisecond beyond either', () => {
    expect(parsed('0000-01-01T00:00:00+00:00')).toBe(timestampMin);
    expect(parsed('9999-12-31T23:59:59.999-00:00')).toBe(timestampMax);
    expect(parseTimestamp('0000-01-01T00:00:00.000+00:01')).toEqual(E.left('"0000-01-01T00:00:00.000+00:01" is outside years 0000 to 9999 in UTC'));
    expect(parseTimestamp('9999-12-31T23:59:59.999-00:01')).toEqual(E.left('"9999-12-31T23:59:59.999-00:01" is outside years 0000 to 9999 in UTC'));
  });

  it('requires a zone when asked to (history events)', () => {
    expect(parsed('2026-03-01T10:00:00', true)).toBe('invalid');
    expect(parsed('2026-03-01', true)).toBe('invalid');
    expect(parsed('2026-03-01T10:00:00Z', true)).toBe(Date.UTC(2026, 2, 1, 10));
    expect(parsed('2026-03-01T10:00:00+01:00', true)).toBe(Date.UTC(2026, 2, 1, 9));
  });

  it('says what is wrong', () => {
    expect(parseTimestamp('2023-02-29T00:00:00Z')).toEqual(E.left('"2023-02-29T00:00:00Z" is not a valid date-time'));
    expect(parseTimestamp('yesterday')).toEqual(E.left('"yesterday" is not an ISO-8601 date-time'));
    expect(parseTimestamp('2026-03-01T10:00:00', { requireZone: true })).toEqual(E.left('"2026-03-01T10:00:00" has no time zone (use Z for UTC)'));
    // A recorded time is an ISO-8601 date-time: a `T`, and a time for the zone to belong to.
    for (const text of ['2026-03-01 10:00:00Z', '2026-03-01Z', '2026-03-01+01:00'])
      expect(parseTimestamp(text, { requireZone: true })).toEqual(E.left(`"${text}" is not an ISO-8601 date-time (write 2026-03-01T10:00:00Z)`));
    // A query date may be written so (UTC).
    expect(parseTimestamp('2026-03-01 10:00:00')).toEqual(E.right(Date.UTC(2026, 2, 1, 10)));
  });
});

describe('independence from the host time zone', () => {
  // Jest gives each test file a copy of process.env, so setting TZ here would change nothing: the
  // module runs in child processes started with TZ set, and must answer as it does here.
  const texts = ['2026-03-01T10:00:00', '2026-03-01', '2026-07-01T10:00:00+02:00', '2026-03-29T02:30:00', '2026-10-25T01:30:00', '2024-02-29 23:59:59.999', '1969-12-31T23:00:00'];
  const times = [0, -1, Date.UTC(2026, 2, 29, 1, 30), Date.UTC(2026, 9, 25, 1, 30, 0, 5), Date.UTC(2024, 1, 29, 23, 59, 59)];
  const script = (source: string): string =>
    `${source}\nconst texts = ${JSON.stringify(texts)}; const times = ${JSON.stringify(times)};\n` +
    'process.stdout.write(JSON.stringify({ offset: new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset(), ' +
    'parsed: texts.map((t) => exports.parseTimestamp(t)), formatted: times.map((t) => [exports.formatTimestamp(t), exports.formatSeedDateTime(t)]) }));';
  const here = { parsed: texts.map((t) => parseTimestamp(t)), formatted: times.map((t) => [formatTimestamp(t as Timestamp), formatSeedDateTime(t as Timestamp)]) };
  let compiled = '';
  beforeAll(() => {
    const source = fs.readFileSync(path.join(__dirname, '../src/time/timestamp.ts'), 'utf8');
    compiled = typescript.transpileModule(source, { compilerOptions: { module: typescript.ModuleKind.CommonJS, target: typescript.ScriptTarget.ES2022 } }).outputText;
  });

  it.each([
    ['UTC', 0],
    ['Asia/Kolkata', -330],
    ['America/Los_Angeles', 480],
    ['Pacific/Chatham', -825],
  ])('gives the same results with TZ=%s', (zone, offset) => {
    const out = execFileSync(process.execPath, ['-e', script(compiled)], {
      env: { ...process.env, TZ: zone, NODE_PATH: path.join(__dirname, '../../../node_modules') },
      encoding: 'utf8',
    });
    const there = JSON.parse(out) as { offset: number; parsed: unknown; formatted: unknown };
    // The child really is in that zone (otherwise this test would prove nothing).
    expect(there.offset).toBe(offset);
    expect({ parsed: there.parsed, formatted: there.formatted }).toEqual(JSON.parse(JSON.stringify(here)));
  });
});

describe('formatTimestamp', () => {
  it.each([
    [0, '1970-01-01T00:00:00Z'],
    [-1, '1969-12-31T23:59:59.999Z'],
    [Date.UTC(2026, 2, 1, 10), '2026-03-01T10:00:00Z'],
    [Date.UTC(2026, 2, 1, 10, 0, 0, 5), '2026-03-01T10:00:00.005Z'],
    [Date.UTC(2026, 2, 1, 10, 0, 0, 120), '2026-03-01T10:00:00.120Z'],
    [Date.UTC(2024, 1, 29, 23, 59, 59), '2024-02-29T23:59:59Z'],
    [Date.UTC(2000, 11, 31), '2000-12-31T00:00:00Z'],
    [Date.UTC(9999, 11, 31, 23, 59, 59, 999), '9999-12-31T23:59:59.999Z'],
    [-62135596800000, '0001-01-01T00:00:00Z'],
  ])('writes %p as %p', (ms, text) => {
    expect(formatTimestamp(fromEpochMillis(ms))).toBe(text);
  });

  it('writes the seeds display form', () => {
    expect(formatSeedDateTime(ts('2021-07-16T15:53:42.250Z'))).toBe('2021-07-16 15:53:42');
  });
});

describe('timestamp helpers', () => {
  it('adds days, takes the later, refuses a non-integer count; a timestamp is an integer within years 0000 to 9999', () => {
    expect(addDays(ts('2024-02-28T12:00:00Z'), 1)).toBe(ts('2024-02-29T12:00:00Z'));
    expect(addDays(ts('2026-03-01T00:00:00Z'), -1)).toBe(ts('2026-02-28T00:00:00Z'));
    expect(later(ts('2026-01-01'), ts('2026-01-02'))).toBe(ts('2026-01-02'));
    expect(() => fromEpochMillis(1.5)).toThrow(RangeError);
    expect([timestampMin - 1, timestampMin, timestampMax, timestampMax + 1, 1.5, '0'].map((u) => isTimestamp(u))).toEqual([false, true, true, false, false, false]);
    expect(() => ts('2026-02-30')).toThrow(RangeError);
    const t: Timestamp = ts('2026-03-01T10:00:00Z');
    expect(t).toBe(Date.UTC(2026, 2, 1, 10));
  });
});
