/**
 * Deterministic command contexts for tests and simulations: ids, tokens and time that are the same
 * on every run, so a failing property replays exactly.
 */
import { CommandContext } from '../engine/module';
import { Timestamp, ts } from '../time/timestamp';

/** A context factory: each `at(now)` call shares one id sequence, so ids never repeat in a log. */
export interface TestClock {
  /** A context for a command at `now`. */
  at(now: Timestamp): CommandContext;
}

/** Options of a test clock. */
export interface TestClockOptions {
  /**
   * Every one-time code the clock issues is this text (a step that has a code issued can then use it).
   * By default codes are six digits that change with every code.
   */
  readonly otp?: string;
}

/**
 * Ids `${prefix}-1`, `${prefix}-2`, ...; tokens `${kind}-1`, ... (an OTP kind gets six digits, or
 * `options.otp` when given).
 * @example const clock = testClock(); engine.execute(state, command, clock.at(ts('2026-03-01T10:00:00Z')))
 */
export const testClock = (prefix = 'evt', options: TestClockOptions = {}): TestClock => {
  let ids = 0;
  const tokens = new Map<string, number>();
  const newToken = (kind: string): string => {
    const n = (tokens.get(kind) ?? 0) + 1;
    tokens.set(kind, n);
    if (kind === 'otp') return options.otp ?? String(100000 + (n * 7919) % 900000);
    return `${kind}-${n}`;
  };
  return {
    at: (now) => ({ now, newId: () => `${prefix}-${++ids}`, newToken }),
  };
};

/** The time tests start at when a history gives none. */
export const testEpoch: Timestamp = ts('2026-01-01T00:00:00Z');
