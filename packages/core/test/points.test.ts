/**
 * `Points`: exact decimal amounts with at most three decimals. Parsing from text and from JSON
 * numbers (801 for what is not a plain decimal or not exact, 878 for a fourth significant decimal),
 * the canonical text, and the arithmetic that names its rounding.
 */
import Big from 'big.js';
import * as E from 'fp-ts/Either';
import { InvariantViolation, Points as P } from '@pointfold/core';

const parsed = (input: unknown): string | number => {
  const r = P.parsePoints(input);
  return E.isLeft(r) ? r.left.code : P.format(r.right);
};
const positive = (input: unknown): string | number => {
  const r = P.parsePositivePoints(input);
  return E.isLeft(r) ? r.left.code : P.format(r.right);
};

describe('parsing points from text', () => {
  it.each([
    ['10', '10.000'],
    ['10.5', '10.500'],
    ['0.001', '0.001'],
    ['30000', '30000.000'],
    ['-12.25', '-12.250'],
    ['007', '7.000'],
    ['1.2300', '1.230'],
    ['1.000000000', '1.000'],
    ['999999999999.999', '999999999999.999'],
    ['99999999999.5', '99999999999.500'],
    ['-999999999999.999', '-999999999999.999'],
    ['000000000000000000001', '1.000'],
    [' 12.5 ', '12.500'],
    [' 1.23000 ', '1.230'],
    ['\t1\r\n', '1.000'],
  ])('reads %p as %p', (text, canonical) => {
    expect(parsed(text)).toBe(canonical);
  });

  it.each(['0.0001', '1.0001', '1.00010', '12.3456', '0.00000000000000000001'])('refuses %p: more than three decimals (878)', (text) => {
    expect(parsed(text)).toBe(878);
  });

  it.each(['', ' ', 'abc', '1e3', '1E3', '+5', '.5', '5.', '1,5', '0x10', 'NaN', 'Infinity', '--1', '1-', '１２', '1 000', '1:', '0.5:', '1234567890123', '-1234567890123', '9999999999999.5', '\u00a05', '5\ufeff', '\u20281'])(
    'refuses %p: not a plain decimal of at most 12 integer digits (801)',
    (text) => {
      expect(parsed(text)).toBe(801);
    },
  );

  it('reads -0 as zero, which a moved amount refuses (801)', () => {
    expect(parsed('-0')).toBe('0.000');
    expect(parsed('-0.000')).toBe('0.000');
    // Zero itself, not the double -0: by the short texts' fast path, by the full parser (a blank, 13 digits) and from a JSON number.
    expect(['-0', '-0.000', ' -0', '-0000000000000.0', -0].map((x) => Object.is(P.toThousandths(P.points(x)), 0))).toEqual([true, true, true, true, true]);
    expect(positive('-0')).toBe(801);
    expect(positive('0.000')).toBe(801);
    expect(positive('-1')).toBe(801);
    expect(positive('0.001')).toBe('0.001');
  });
});

describe('parsing points from JSON numbers', () => {
  it.each([
    [10, '10.000'],
    [10.5, '10.500'],
    [0.001, '0.001'],
    [1.005, '1.005'],
    [-2.5, '-2.500'],
    [123456789.123, '123456789.123'],
    [999999999999, '999999999999.000'],
    [999999999999.999, '999999999999.999'],
  ])('reads %p as %p', (n, canonical) => {
    expect(parsed(n)).toBe(canonical);
  });

  it('refuses numbers beyond 2^53, which are not exact (801)', () => {
    expect(parsed(2 ** 53)).toBe(801);
    // Exact, but 16 integer digits are more than an amount may have (13 already are).
    expect(parsed(1_000_000_000_000)).toBe(801);
    expect(parsed(2 ** 53 - 1)).toBe(801);
    expect(parsed(2 ** 53 + 2)).toBe(801);
    expect(parsed(-(2 ** 53) - 2)).toBe(801);
    expect(parsed(JSON.parse('9007199254740993') as number)).toBe(801);
    expect(parsed(1e21)).toBe(801);
    expect(parsed(1e300)).toBe(801);
  });

  it('says why it refuses a number: not finite, not exact, or too many integer digits', () => {
    const message = (u: unknown): string => {
      const r = P.parsePoints(u);
      return E.isLeft(r) ? r.left.message : 'accepted';
    };
    expect(message(Number.NaN)).toBe('Points you are trying to redeem are invalid: not a finite number');
    expect(message(Number.NEGATIVE_INFINITY)).toBe('Points you are trying to redeem are invalid: not a finite number');
    expect(message(2 ** 53)).toBe('Points you are trying to redeem are invalid: a JSON number beyond 2^53 is not exact');
    expect(message(2 ** 53 - 1)).toBe('Points you are trying to redeem are invalid: more than 12 integer digits');
  });

  it('refuses tiny fractions and inexact sums: more than three decimals (878)', () => {
    expect(parsed(0.0001)).toBe(878);
    expect(parsed(1e-7)).toBe(878);
    expect(parsed(5e-324)).toBe(878);
    expect(parsed(0.1 + 0.2)).toBe(878);
  });

  it('reads -0 as zero, and refuses what is not finite or not a number (801)', () => {
    expect(parsed(-0)).toBe('0.000');
    expect(positive(-0)).toBe(801);
    for (const u of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, null, undefined, true, {}, [], ['1'], 10n]) expect(parsed(u)).toBe(801);
  });
});

describe('the canonical text', () => {
  it('has a sign, the integer part and exactly three decimals', () => {
    expect(P.format(P.points('30000'))).toBe('30000.000');
    expect(P.format(P.points('-0.5'))).toBe('-0.500');
    expect(P.format(P.zero)).toBe('0.000');
    expect(P.format(P.fromMillis(1n))).toBe('0.001');
    expect(P.format(P.fromMillis(-1n))).toBe('-0.001');
    expect(P.format(P.fromMillis(2n ** 53n - 1n))).toBe('9007199254740.991');
    expect(P.format(P.fromMillis(-(2n ** 53n - 1n)))).toBe('-9007199254740.991');
    expect(() => P.fromMillis(2n ** 53n)).toThrow(RangeError);
  });

  it('reads back as the same amount', () => {
    for (const m of [0n, 1n, -1n, 999n, 1000n, -1001n, 999999999999999n, -999999999999999n]) expect(P.toMillis(P.points(P.format(P.fromMillis(m))))).toBe(m);
  });
});

describe('arithmetic', () => {
  const p = P.points;

  it('adds, subtracts, compares exactly', () => {
    expect(P.format(P.add(p('0.1'), p('0.2')))).toBe('0.300');
    expect(P.format(P.sub(p('1'), p('1.001')))).toBe('-0.001');
    expect(P.format(P.sum([p('1.5'), p('2.25'), p('-0.75')]))).toBe('3.000');
    expect(P.compare(p('1'), p('1.000'))).toBe(0);
    expect(P.compare(p('1'), p('1.001'))).toBe(-1);
    expect(P.equals(P.max(p('2'), p('3')), p('3'))).toBe(true);
    expect(P.equals(P.min(p('2'), p('3')), p('2'))).toBe(true);
    expect(P.format(P.abs(p('-4.5')))).toBe('4.500');
    expect(P.isMultipleOf(p('15'), p('5'))).toBe(true);
    expect(P.isMultipleOf(p('15.5'), p('5'))).toBe(false);
    expect(P.isMultipleOf(p('1'), P.zero)).toBe(false);
    expect(P.isMultipleOf(p('15'), p('-5'))).toBe(false);
    expect(P.isWhole(p('3'))).toBe(true);
    expect(P.isWhole(p('3.001'))).toBe(false);
    expect(P.isWhole(p('3.1'))).toBe(false);
    expect([P.isNegative(p('-0.001')), P.isNegative(P.zero), P.isPositive(P.zero), P.isZero(p('-0'))]).toEqual([true, false, false, true]);
  });

  it("stays within the ledger's range (2^53 - 1 thousandths): canAdd says when a sum would leave it, and a result beyond it is a broken invariant", () => {
    const top = P.fromMillis(2n ** 53n - 1n);
    const one = P.fromMillis(1n);
    expect([P.canAdd(top, P.zero), P.canAdd(top, one), P.canAdd(P.negate(top), P.negate(one))]).toEqual([true, false, false]);
    const beyond = "points beyond the ledger's range (9007199254740992 thousandths)";
    expect(() => P.add(top, one)).toThrow(new InvariantViolation(beyond));
    expect(() => P.sub(P.negate(top), one)).toThrow(new InvariantViolation(beyond.replace('(', '(-')));
    expect(() => P.sum([top, one])).toThrow(new InvariantViolation(beyond));
    expect(() => P.times(top, 2)).toThrow(InvariantViolation);
    expect(P.format(P.times(top, -1))).toBe('-9007199254740.991');
  });

  it('names its rounding', () => {
    expect(P.format(P.roundToWhole(p('2.5'), 'HALF_UP'))).toBe('3.000');
    expect(P.format(P.roundToWhole(p('2.5'), 'DOWN'))).toBe('2.000');
    expect(P.format(P.roundToWhole(p('2.001'), 'UP'))).toBe('3.000');
    expect(P.format(P.roundToWhole(p('-2.5'), 'HALF_UP'))).toBe('-3.000');
    expect(P.format(P.fromBig(new Big('1').div(3), 'HALF_UP'))).toBe('0.333');
    expect(P.format(P.fromBig(new Big('2').div(3), 'DOWN'))).toBe('0.666');
    expect(P.format(P.fromBig(new Big('2').div(3), 'UP'))).toBe('0.667');
    expect(P.toBig(p('10.5')).toFixed(3)).toBe('10.500');
  });

  it('refuses a bad literal with a RangeError', () => {
    expect(() => P.points('0.0001')).toThrow(RangeError);
  });
});
