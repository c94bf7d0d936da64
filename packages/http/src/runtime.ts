/**
 * What the domain takes in and the server supplies: the clock, ids and secrets. This is the only
 * place where Pointfold reads the clock or draws random numbers (node:crypto).
 */
import { randomInt, randomUUID } from 'node:crypto';

/** The server's sources of time, ids and tokens (a test passes its own). */
export interface Runtime {
  /** The current time, epoch milliseconds. */
  now(): number;
  /** A new unique id. */
  newId(): string;
  /** A new random token of a kind: `otp` (six digits), `coupon` (six letters and digits), anything else (hex). */
  newToken(kind: string): string;
}

const couponAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** The real clock and node:crypto's randomness. */
export const systemRuntime: Runtime = {
  now: () => Date.now(),
  newId: () => randomUUID(),
  newToken: (kind) => {
    if (kind === 'otp') return String(randomInt(0, 1_000_000)).padStart(6, '0');
    if (kind === 'coupon') return Array.from({ length: 6 }, () => couponAlphabet[randomInt(0, couponAlphabet.length)]).join('');
    return Array.from({ length: 16 }, () => randomInt(0, 16).toString(16)).join('');
  },
};
