/**
 * `Points`: an exact, signed decimal amount of points with at most three decimals.
 * The type is opaque so that its representation can change behind this module: today it is an
 * integer count of thousandths held in a JS number, exact up to 2^53 thousandths (about nine
 * trillion points): every operation checks that it stays there. The benchmark chose it: big.js
 * objects cost ~20x more in the fold and bigints allocate on every sum. big.js does the decimal
 * arithmetic that needs a rounding mode.
 */
import Big from 'big.js';
import * as E from 'fp-ts/Either';
import { DomainError, invalidPoints, tooManyDecimals } from '../errors';
import { InvariantViolation } from '../assert';
import { pointsDecimalPlacesMax, pointsIntegerDigitsMax } from '../limits';

declare const PointsBrand: unique symbol;

/** An exact point amount (signed). Create with `parsePoints`, `points`, `fromMillis`. */
export type Points = { readonly [PointsBrand]: 'Points' };

const SCALE = 1000;
const toRaw = (p: Points): number => p as unknown as number;
const fromRaw = (n: number): Points => n as unknown as Points;

/** The largest amount the ledger holds, in thousandths (2^53 - 1: beyond it a JS number is not exact). */
export const millisMax = Number.MAX_SAFE_INTEGER;

/** A result beyond `millisMax` is a bug of the caller: amounts and totals are checked before they are folded. */
const exact = (n: number): Points => {
  if (!Number.isSafeInteger(n)) throw new InvariantViolation(`points beyond the ledger's range (${n} thousandths)`);
  return fromRaw(n === 0 ? 0 : n);
};

/** Zero points. */
export const zero: Points = fromRaw(0);

/** The amount from a count of thousandths of a point (exact; RangeError beyond 2^53). */
export const fromMillis = (millis: bigint): Points => {
  if (millis > BigInt(millisMax) || millis < -BigInt(millisMax)) throw new RangeError(`${millis} thousandths is beyond the ledger's range`);
  return fromRaw(Number(millis));
};
/** The amount as a count of thousandths of a point (exact). */
export const toMillis = (p: Points): bigint => BigInt(toRaw(p));
/**
 * The amount as a count of thousandths held in a JS number (exact: at most 2^53 in magnitude), for
 * handing amounts to another thread in a number array (see `PackBuffer`).
 */
export const toThousandths = (p: Points): number => toRaw(p);
/** The amount from `toThousandths` (InvariantViolation for a number that is not a safe integer). */
export const fromThousandths = (n: number): Points => exact(n);
/** True when two amounts' sum stays within the ledger's range. */
export const canAdd = (a: Points, b: Points): boolean => Number.isSafeInteger(toRaw(a) + toRaw(b));

export const add = (a: Points, b: Points): Points => exact(toRaw(a) + toRaw(b));
export const sub = (a: Points, b: Points): Points => exact(toRaw(a) - toRaw(b));
export const negate = (a: Points): Points => fromRaw(toRaw(a) === 0 ? 0 : -toRaw(a));
export const min = (a: Points, b: Points): Points => (toRaw(a) <= toRaw(b) ? a : b);
export const max = (a: Points, b: Points): Points => (toRaw(a) >= toRaw(b) ? a : b);
/** -1, 0 or 1. */
export const compare = (a: Points, b: Points): -1 | 0 | 1 => {
  const x = toRaw(a);
  const y = toRaw(b);
  return x < y ? -1 : x > y ? 1 : 0;
};
export const equals = (a: Points, b: Points): boolean => toRaw(a) === toRaw(b);
export const isZero = (a: Points): boolean => toRaw(a) === 0;
export const isPositive = (a: Points): boolean => toRaw(a) > 0;
export const isNegative = (a: Points): boolean => toRaw(a) < 0;
export const abs = (a: Points): Points => (toRaw(a) < 0 ? negate(a) : a);
/** The sum of a list of amounts. */
export const sum = (xs: Iterable<Points>): Points => {
  let s = 0;
  for (const x of xs) s = toRaw(exact(s + toRaw(x)));
  return fromRaw(s);
};
/** True when the amount is a whole multiple of `unit` (a positive amount). */
export const isMultipleOf = (a: Points, unit: Points): boolean => toRaw(unit) > 0 && toRaw(a) % toRaw(unit) === 0;
/** True when the amount has no decimals. */
export const isWhole = (a: Points): boolean => toRaw(a) % SCALE === 0;
/** The amount multiplied by a whole number (exact; InvariantViolation beyond the ledger's range). */
export const times = (a: Points, n: number): Points => exact(toRaw(a) * n);

/**
 * The canonical text: sign, integer part, and exactly three decimals.
 * @example format(parsePointsOrThrow('30000')) === '30000.000'
 */
export const format = (p: Points): string => {
  const raw = toRaw(p);
  const neg = raw < 0;
  const a = neg ? -raw : raw;
  const frac = String(a % SCALE).padStart(3, '0');
  return `${neg ? '-' : ''}${String(Math.floor(a / SCALE))}.${frac}`;
};

/** The amount as a big.js decimal, for arithmetic that needs a rounding mode. */
export const toBig = (p: Points): Big => new Big(format(p));

/** How a division or a ratio rounds to thousandths (or to whole points). */
export type Rounding = 'HALF_UP' | 'DOWN' | 'UP';
const bigRounding = (r: Rounding): Big.RoundingMode =>
  r === 'HALF_UP' ? Big.roundHalfUp : r === 'DOWN' ? Big.roundDown : Big.roundUp;

/** A big.js decimal rounded to thousandths with the named rounding mode. */
export const fromBig = (b: Big, rounding: Rounding): Points => fromMillis(BigInt(b.times(1000).round(0, bigRounding(rounding)).toFixed(0)));

/** The amount rounded to a whole number of points with the named rounding mode. */
export const roundToWhole = (p: Points, rounding: Rounding): Points =>
  fromMillis(BigInt(toBig(p).round(0, bigRounding(rounding)).toFixed(0)) * 1000n);

/**
 * The fast path for a plain decimal text with at most 12 integer digits: the amount in thousandths
 * is then an exact double. Undefined when the text needs the full parser (or is invalid).
 */
const parseSimple = (text: string): number | undefined => {
  const n = text.length;
  let i = 0;
  let neg = false;
  if (n > 0 && text.charCodeAt(0) === 45 /* - */) {
    neg = true;
    i = 1;
  }
  let whole = 0;
  let wholeDigits = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
    wholeDigits++;
  }
  if (wholeDigits === 0 || wholeDigits > 12) return undefined;
  let frac = 0;
  if (i < n) {
    if (text.charCodeAt(i) !== 46 /* . */ || i === n - 1) return undefined;
    i++;
    let scale = 100;
    for (; i < n; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return undefined;
      if (scale < 1 && c !== 0) return undefined;
      frac += c * scale;
      scale /= 10;
    }
  }
  const millis = whole * 1000 + frac;
  // As the full parser does: "-0" and "-0.000" are zero, not the double -0.
  return neg && millis !== 0 ? -millis : millis;
};

// "-12", "12.5", "0.125": digits, an optional dot and digits. No exponent, no sign but minus.
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Parses an amount from its text or a JSON number (exact). Any sign is allowed here; use
 * `parsePositivePoints` for an amount that a command moves.
 * Refuses (801) what is not a plain decimal, a number beyond 2^53 or one that does not print
 * back as itself (1e21, 0.30000000000000004 is 878), and (878) more than three decimals.
 */
export const parsePoints = (input: unknown): E.Either<DomainError, Points> => {
  let text: string;
  if (typeof input === 'string') {
    const fast = parseSimple(input);
    if (fast !== undefined) return E.right(fromRaw(fast));
    // JSON's own blanks only (decision 22): a no-break space or a byte-order mark is no blank in a number.
    text = input.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  } else if (typeof input === 'number') {
    if (!Number.isFinite(input)) return E.left(invalidPoints('not a finite number'));
    if (Math.abs(input) > Number.MAX_SAFE_INTEGER) return E.left(invalidPoints('a JSON number beyond 2^53 is not exact'));
    text = Object.is(input, -0) ? '0' : String(input);
    // Only tiny fractions print with an exponent here (the magnitude is below 2^53): too many decimals.
    if (text.includes('e')) return E.left(tooManyDecimals(text));
  } else {
    return E.left(invalidPoints('not a number'));
  }
  const m = DECIMAL.exec(text);
  if (m === null) return E.left(invalidPoints(`${JSON.stringify(String(input))} is not a decimal number`));
  const [, sign, intPart = '', fracPart = ''] = m;
  const significantFrac = fracPart.replace(/0+$/, '');
  if (significantFrac.length > pointsDecimalPlacesMax) return E.left(tooManyDecimals(text));
  const intDigits = intPart.replace(/^0+(?=\d)/, '');
  if (intDigits.length > pointsIntegerDigitsMax) return E.left(invalidPoints(`more than ${pointsIntegerDigitsMax} integer digits`));
  const millis = Number(intDigits) * SCALE + Number(significantFrac.padEnd(3, '0'));
  return E.right(fromRaw(sign === '-' && millis !== 0 ? -millis : millis));
};

/** Parses an amount that a command moves: as `parsePoints`, and zero or negative is 801. */
export const parsePositivePoints = (input: unknown): E.Either<DomainError, Points> => {
  const r = parsePoints(input);
  if (E.isLeft(r)) return r;
  return isPositive(r.right) ? r : E.left(invalidPoints(`${format(r.right)} is not positive`));
};

/**
 * An amount from a literal, for code and tests that hold a known-good value.
 * @example points('10.5')
 */
export const points = (literal: string | number): Points => {
  const r = parsePoints(literal);
  if (E.isLeft(r)) throw new RangeError(r.left.message);
  return r.right;
};
