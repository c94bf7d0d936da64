/**
 * Codecs of the engine's scalar fields: ids, texts, program ids, point amounts and timestamps.
 * A failure's message carries the seed's code where there is one (`878: ...`).
 */
import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import * as P from '../points/points';
import { FAIL, fastOf, withFast } from './struct';
import { PackBuffer, PackReader, Packing, packArray, packChoice, packNumber, packString, packingOf, withPacking } from './pack';
import { formatTimestamp, isTimestamp, parseCanonicalTimestamp, parseTimestamp, Timestamp } from '../time/timestamp';
import { idLengthMax, textLengthMax } from '../limits';

/** A non-empty id of at most `idLengthMax` characters. */
export const Id = withFast(new t.Type<string, string, unknown>(
  'Id',
  (u): u is string => typeof u === 'string' && u.length > 0 && u.length <= idLengthMax,
  (u, c) =>
    typeof u !== 'string'
      ? t.failure(u, c, 'expected a string id')
      : u.length === 0
        ? t.failure(u, c, 'is empty')
        : u.length > idLengthMax
          ? t.failure(u, c, `is longer than ${idLengthMax} characters`)
          : t.success(u),
  t.identity,
), (u) => (typeof u === 'string' && u.length > 0 && u.length <= idLengthMax ? u : FAIL));

/** Free text of at most `textLengthMax` characters. */
export const Text = withFast(new t.Type<string, string, unknown>(
  'Text',
  (u): u is string => typeof u === 'string' && u.length <= textLengthMax,
  (u, c) =>
    typeof u !== 'string'
      ? t.failure(u, c, 'expected a string')
      : u.length > textLengthMax
        ? t.failure(u, c, `is longer than ${textLengthMax} characters`)
        : t.success(u),
  t.identity,
), (u) => (typeof u === 'string' && u.length <= textLengthMax ? u : FAIL));

/** A program id: a positive integer (a JSON number). */
export const ProgramId = withFast(new t.Type<number, number, unknown>(
  'ProgramId',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u > 0,
  (u, c) =>
    typeof u === 'number' && Number.isSafeInteger(u) && u > 0 ? t.success(u) : t.failure(u, c, 'expected a positive integer program id'),
  t.identity,
), (u) => (typeof u === 'number' && Number.isSafeInteger(u) && u > 0 ? u : FAIL));

/** A signed point amount, from a decimal string or a JSON number; written as `"10.500"`. */
export const SignedPoints = withFast(new t.Type<P.Points, string, unknown>(
  'Points',
  (u): u is P.Points => typeof u === 'number' && Number.isSafeInteger(u),
  (u, c) => {
    const r = P.parsePoints(u);
    return E.isRight(r) ? t.success(r.right) : t.failure(u, c, `${r.left.code}: ${r.left.message}`);
  },
  P.format,
), (u) => {
  const r = P.parsePoints(u);
  return E.isRight(r) ? r.right : FAIL;
});

/** A positive point amount (801 for zero or negative, 878 for more than three decimals). */
export const PositivePoints = withFast(new t.Type<P.Points, string, unknown>(
  'PositivePoints',
  (u): u is P.Points => typeof u === 'number' && Number.isSafeInteger(u) && u > 0,
  (u, c) => {
    const r = P.parsePositivePoints(u);
    return E.isRight(r) ? t.success(r.right) : t.failure(u, c, `${r.left.code}: ${r.left.message}`);
  },
  P.format,
), (u) => {
  const r = P.parsePositivePoints(u);
  return E.isRight(r) ? r.right : FAIL;
});

/** An ISO-8601 UTC time with an explicit zone, kept as epoch milliseconds; written canonically. */
export const IsoTimestamp = withFast(new t.Type<Timestamp, string, unknown>(
  'Timestamp',
  isTimestamp,
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c, 'expected an ISO-8601 date-time string');
    const r = parseTimestamp(u, { requireZone: true });
    return E.isRight(r) ? t.success(r.right) : t.failure(u, c, r.left);
  },
  formatTimestamp,
), (u) => {
  if (typeof u !== 'string') return FAIL;
  const fast = parseCanonicalTimestamp(u);
  if (fast !== undefined) return fast;
  const r = parseTimestamp(u, { requireZone: true });
  return E.isRight(r) ? r.right : FAIL;
});

withPacking(Id, packString);
withPacking(Text, packString);
withPacking(ProgramId, packNumber);
/** An amount travels as its count of thousandths. */
const packPoints: Packing<P.Points> = {
  pack: (a, out) => {
    out.nums.push(P.toThousandths(a));
  },
  unpack: (r) => P.fromThousandths(r.nums[r.n++] as number),
};
withPacking(SignedPoints, packPoints);
withPacking(PositivePoints, packPoints);
/** A time travels as its epoch milliseconds (a Timestamp is that number). */
const packTimestamp: Packing<Timestamp> = {
  pack: (a, out) => {
    out.nums.push(a);
  },
  unpack: (r) => r.nums[r.n++] as Timestamp,
};
withPacking(IsoTimestamp, packTimestamp);

// A failure message must not throw: JSON.stringify does for a BigInt (decoders take any value).
const shown = (u: unknown): string => {
  try {
    return JSON.stringify(u) ?? 'nothing';
  } catch {
    return typeof u;
  }
};

/** A string that is one of the given literals (fast lookup). */
export const oneOf = <L extends string>(name: string, values: readonly L[]): t.Type<L, L, unknown> => {
  const set = new Set<string>(values);
  const fast = (u: unknown): L | typeof FAIL => (typeof u === 'string' && set.has(u) ? (u as L) : FAIL);
  return withPacking(withFast(new t.Type<L, L, unknown>(
    name,
    (u): u is L => typeof u === 'string' && set.has(u),
    (u, c) =>
      typeof u === 'string' && set.has(u)
        ? t.success(u as L)
        : t.failure(u, c, `expected one of ${values.join(', ')}, got ${shown(u)}`),
    t.identity,
  ), fast), packChoice(values));
};

/** Any JSON number (an error code, a count): what `t.number` accepts, with a fast path and a packing. */
export const JsonNumber = withPacking(
  withFast(
    new t.Type<number, number, unknown>(
      'number',
      (u): u is number => typeof u === 'number',
      (u, c) => (typeof u === 'number' ? t.success(u) : t.failure(u, c)),
      t.identity,
    ),
    (u) => (typeof u === 'number' ? u : FAIL),
  ),
  packNumber,
);

/** A JSON boolean. */
export const Bool = withPacking(withFast(
  new t.Type<boolean, boolean, unknown>(
    'boolean',
    (u): u is boolean => typeof u === 'boolean',
    (u, c) => (typeof u === 'boolean' ? t.success(u) : t.failure(u, c, 'expected true or false')),
    t.identity,
  ),
  (u) => (typeof u === 'boolean' ? u : FAIL),
), {
  pack: (a: boolean, out: PackBuffer) => {
    out.nums.push(a ? 1 : 0);
  },
  unpack: (r: PackReader) => r.nums[r.n++] === 1,
});

/** A JSON array whose items all decode with `item`. */
export const arrayOf = <A, O>(item: t.Type<A, O, unknown>, name = `Array<${item.name}>`): t.Type<readonly A[], readonly O[], unknown> => {
  const itemFast = fastOf(item);
  const codec = new t.Type<readonly A[], readonly O[], unknown>(
    name,
    (u): u is readonly A[] => Array.isArray(u) && u.every((x) => item.is(x)),
    (u, c) => {
      if (!Array.isArray(u)) return t.failure(u, c, 'expected an array');
      const out: A[] = [];
      for (let i = 0; i < u.length; i++) {
        const v: unknown = u[i];
        const r = item.validate(v, c);
        if (r._tag === 'Left') {
          return t.failures(
            r.left.map((e) => ({ ...e, context: [...e.context.slice(0, c.length), { key: String(i), type: item, actual: v }, ...e.context.slice(c.length)] })),
          );
        }
        out.push(r.right);
      }
      return t.success(out);
    },
    (a) => a.map((x) => item.encode(x)),
  );
  if (itemFast === undefined) return codec;
  const itemPacking = packingOf<A>(item);
  if (itemPacking !== undefined) withPacking(codec, packArray(itemPacking));
  return withFast(codec, (u) => {
    if (!Array.isArray(u)) return FAIL;
    const out: A[] = [];
    for (const v of u as unknown[]) {
      const r = itemFast(v);
      if (r === FAIL) return FAIL;
      out.push(r);
    }
    return out;
  });
};
