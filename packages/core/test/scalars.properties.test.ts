/**
 * Properties of the scalar parsers against naive references: point amounts against a plain regular
 * expression reading, timestamps against the JavaScript Date of the same instant, and every codec's
 * fast decoder against its own `validate` (it must accept exactly the same values, with equal results).
 */
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import * as t from 'io-ts';
import {
  Bool,
  Id,
  IsoTimestamp,
  Points as P,
  PositivePoints,
  ProgramId,
  SignedPoints,
  Text,
  Timestamp,
  arrayOf,
  coreEngine,
  FAIL,
  decodeFast,
  fastOf,
  formatTimestamp,
  oneOf,
  parseTimestamp,
  struct,
} from '@pointfold/core';
import { arbHostileJson, arbInvalidAmount, arbPointsText, edgeFieldValues } from '@pointfold/core/testing';

/** The naive reading of an amount: trim, a plain decimal, at most 3 significant decimals and 12 integer digits. */
const naivePoints = (text: string): bigint | 801 | 878 => {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (m === null) return 801;
  const [, sign, int = '', frac = ''] = m;
  const significant = frac.replace(/0+$/, '');
  if (significant.length > 3) return 878;
  const digits = int.replace(/^0+(?=\d)/, '');
  if (digits.length > 12) return 801;
  const millis = BigInt(digits) * 1000n + BigInt(significant.padEnd(3, '0'));
  return sign === '-' ? -millis : millis;
};
const read = (u: unknown): bigint | number => {
  const r = P.parsePoints(u);
  return E.isLeft(r) ? r.left.code : P.toMillis(r.right);
};

describe('points', () => {
  const decimalish = fc.oneof(
    fc.stringMatching(/^-?[0-9]{0,17}(\.[0-9]{0,8})?$/),
    fc.string({ unit: fc.constantFrom('0', '1', '5', '9', '.', '-', ' ', 'e', '+'), maxLength: 16 }),
    arbPointsText(1e12 - 1),
    fc.tuple(fc.integer({ min: 0, max: 999_999_999_999 }), fc.integer({ min: 0, max: 999 })).map(([w, f]) => `${w}.${String(f).padStart(3, '0')}000`),
  );

  test('parsing text agrees with a naive decimal reading', () => {
    fc.assert(
      fc.property(decimalish, (text) => {
        expect(read(text)).toBe(naivePoints(text));
      }),
      { numRuns: 3000 },
    );
  });

  test('the canonical text of any amount reads back as the same amount', () => {
    fc.assert(
      // Any amount the ledger can hold (2^53 - 1 thousandths either way).
      fc.property(fc.bigInt({ min: -(2n ** 53n - 1n), max: 2n ** 53n - 1n }), (millis) => {
        const text = P.format(P.fromMillis(millis));
        expect(text).toMatch(/^-?\d+\.\d{3}$/);
        const integerDigits = (text.replace(/^-/, '').split('.')[0] ?? '').length;
        expect(read(text)).toBe(integerDigits <= 12 ? millis : 801);
      }),
      { numRuns: 1000 },
    );
  });

  test('a JSON number with at most three decimals reads as the amount its text says', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 12 - 1), max: 10 ** 12 - 1 }), fc.integer({ min: 0, max: 999 }), (whole, frac) => {
        const n = Number(`${whole}.${String(frac).padStart(3, '0')}`);
        expect(read(n)).toBe(naivePoints(String(n)));
      }),
      { numRuns: 1000 },
    );
  });

  test('every invalid amount is refused with its code, as text or number', () => {
    fc.assert(
      fc.property(arbInvalidAmount(), ({ value, code }) => {
        const r = P.parsePositivePoints(value);
        expect(E.isLeft(r) && r.left.code).toBe(code);
      }),
      { numRuns: 500 },
    );
  });
});

describe('timestamps', () => {
  const year1 = Date.parse('0001-01-01T00:00:00.000Z');
  const year9999 = Date.parse('9999-12-31T23:59:59.999Z');
  const instant = fc.oneof(fc.integer({ min: year1, max: year9999 }), fc.integer({ min: 0, max: 2 ** 41 }).map((x) => x - (x % 1000)));

  test('formatting and parsing agree with Date on every instant from year 1 to 9999', () => {
    fc.assert(
      fc.property(instant, (ms) => {
        const iso = new Date(ms).toISOString();
        const text = formatTimestamp(ms as Timestamp);
        expect(text).toBe(ms % 1000 === 0 ? iso.replace('.000Z', 'Z') : iso);
        expect(parseTimestamp(text)).toEqual(E.right(ms));
        expect(parseTimestamp(iso, { requireZone: true })).toEqual(E.right(ms));
        expect(parseTimestamp(iso.replace('T', ' '))).toEqual(E.right(ms));
      }),
      { numRuns: 3000 },
    );
  });

  test('a time written with an offset reads as the same instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 42 }), fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }), fc.boolean(), (ms, offset, colon) => {
        const local = new Date(ms + offset * 60_000).toISOString().slice(0, -1);
        const a = Math.abs(offset);
        const zone = `${offset < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}${colon ? ':' : ''}${String(a % 60).padStart(2, '0')}`;
        expect(parseTimestamp(`${local}${zone}`, { requireZone: true })).toEqual(E.right(ms));
      }),
      { numRuns: 1000 },
    );
  });

  test('a date that does not exist is refused, in canonical form too', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 28, max: 32 }), (y, m, d) => {
        const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T00:00:00Z`;
        const exists = new Date(Date.UTC(2000, m - 1, d)).getUTCMonth() === m - 1 && !(m === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)));
        expect(E.isRight(parseTimestamp(text))).toBe(exists);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('fast decoders', () => {
  /** A codec's three ways to decode, with its types erased for one list. */
  interface Decoders {
    readonly name: string;
    readonly slow: (u: unknown) => E.Either<unknown, unknown>;
    readonly fast: ((u: unknown) => unknown) | undefined;
    readonly both: (u: unknown) => E.Either<unknown, unknown>;
  }
  const decoders = <A, O>(name: string, codec: t.Type<A, O, unknown>): Decoders => ({
    name,
    slow: (u) => codec.decode(u),
    fast: fastOf(codec),
    both: (u) => decodeFast(codec, u),
  });
  const codecs: Decoders[] = [
    decoders('Id', Id),
    decoders('Text', Text),
    decoders('ProgramId', ProgramId),
    decoders('SignedPoints', SignedPoints),
    decoders('PositivePoints', PositivePoints),
    decoders('IsoTimestamp', IsoTimestamp),
    decoders('Bool', Bool),
    decoders('oneOf', oneOf('Category', ['Main', 'Other'])),
    decoders('arrayOf', arrayOf(PositivePoints)),
    decoders('struct', struct({ a: Id }, { b: SignedPoints, c: struct({ d: Bool }) })),
    decoders('lenient struct', struct({ a: Id }, {}, { strict: false })),
    ...coreEngine.modules.flatMap((m) => m.events).map((d) => decoders(d.type, d.codec)),
  ];
  const scalar = fc.oneof(
    fc.constantFrom(...edgeFieldValues),
    arbPointsText(1e13),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString().replace('.000Z', 'Z')),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString().replace(/\d{3}Z$/, '1Z')),
    fc.string({ maxLength: 30 }),
    fc.double(),
  );
  const value = fc.oneof(scalar, arbHostileJson({ keys: ['a', 'b', 'c', 'd', 'type', 'id', 'at'], leaves: edgeFieldValues }), fc.array(scalar, { maxLength: 3 }));

  test('accept exactly what validate accepts, with the same value', () => {
    fc.assert(
      fc.property(fc.constantFrom(...codecs), value, (codec, u) => {
        const slow = codec.slow(u);
        if (codec.fast !== undefined) {
          const r = codec.fast(u);
          expect([codec.name, r === FAIL ? 'Left' : 'Right']).toEqual([codec.name, slow._tag]);
          if (r !== FAIL && E.isRight(slow)) expect(r).toEqual(slow.right);
        }
        expect(codec.both(u)).toEqual(slow);
      }),
      { numRuns: 5000 },
    );
  });
});
