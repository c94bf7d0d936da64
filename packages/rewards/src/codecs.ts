/**
 * Scalar codecs of the rewards events: positive decimals kept as their canonical text (conversion
 * ratios, redemption values), bounded positive integers (quantities, days), payment configuration ids
 * (a text or an integer, kept as given, as the seeds show both) and the vendor's answer. Each has a
 * fast path, so the event codecs built from them keep theirs.
 */
import Big from 'big.js';
import * as t from 'io-ts';
import { FAIL, Id, Text, assert, fastOf, struct, withFast } from '@pointfold/core';
import { decimalIntegerDigitsMax, decimalPlacesMax } from './limits';

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * The canonical text of a positive decimal given as a text or a JSON number (`"0.440"` and `0.44`
 * give `"0.44"`), or undefined when it is not one: a sign, an exponent, zero, more than
 * `decimalPlacesMax` decimals or `decimalIntegerDigitsMax` integer digits.
 */
export const canonicalDecimal = (u: unknown): string | undefined => {
  let text: string;
  if (typeof u === 'string') text = u;
  else if (typeof u === 'number' && Number.isFinite(u)) text = String(u);
  else return undefined;
  const m = DECIMAL.exec(text);
  if (m === null) return undefined;
  const intDigits = (m[1] ?? '').replace(/^0+/, '');
  const fracDigits = (m[2] ?? '').replace(/0+$/, '');
  if (intDigits.length > decimalIntegerDigitsMax || fracDigits.length > decimalPlacesMax) return undefined;
  const b = new Big(text);
  return b.gt(0) ? b.toFixed() : undefined;
};

/** A positive decimal, kept as its canonical text (`"0.44"`); a JSON number is read where it is exact. */
export const PositiveDecimal = withFast(
  new t.Type<string, string, unknown>(
    'PositiveDecimal',
    (u): u is string => typeof u === 'string' && canonicalDecimal(u) === u,
    (u, c) => {
      const d = canonicalDecimal(u);
      return d === undefined
        ? t.failure(u, c, `expected a positive decimal with at most ${decimalIntegerDigitsMax} integer digits and ${decimalPlacesMax} decimals`)
        : t.success(d);
    },
    t.identity,
  ),
  (u) => canonicalDecimal(u) ?? FAIL,
);

/** A whole number from 1 to `max` (a JSON number). */
export const positiveInt = (name: string, max: number): t.Type<number, number, unknown> => {
  const ok = (u: unknown): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 1 && u <= max;
  return withFast(
    new t.Type<number, number, unknown>(name, ok, (u, c) => (ok(u) ? t.success(u) : t.failure(u, c, `expected a whole number from 1 to ${max}`)), t.identity),
    (u) => (ok(u) ? u : FAIL),
  );
};

/** A payment configuration id: a text id or a non-negative integer (seed 002 shows `"id": 55`). */
export type PaymentConfigId = string | number;

const isPaymentConfigId = (u: unknown): u is PaymentConfigId =>
  (typeof u === 'number' && Number.isSafeInteger(u) && u >= 0) || Id.is(u);

/** A payment configuration id, kept as given (text or integer). */
export const PaymentConfigIdCodec = withFast(
  new t.Type<PaymentConfigId, PaymentConfigId, unknown>(
    'PaymentConfigId',
    isPaymentConfigId,
    (u, c) => (isPaymentConfigId(u) ? t.success(u) : t.failure(u, c, 'expected a payment configuration id (a text or a non-negative integer)')),
    t.identity,
  ),
  (u) => (isPaymentConfigId(u) ? u : FAIL),
);

/** Two payment configuration ids name the same configuration when their texts are equal (`55` and `"55"`). */
export const samePaymentConfigId = (a: PaymentConfigId, b: PaymentConfigId): boolean => String(a) === String(b);

/**
 * What the vendor answered for a VENDOR reward: a voucher (a coupon code or reference id, seed 002's
 * "voucher" keyword of the context map), or a failure with the vendor's reason.
 */
export type VendorAnswer = { readonly voucher: string } | { readonly failure: string };

const VendorFields = struct({}, { voucher: Id, failure: Text }, {}, 'VendorAnswer');
const vendorFast = fastOf(VendorFields);
const exactlyOne = (v: { readonly voucher?: string; readonly failure?: string }): VendorAnswer | undefined =>
  v.voucher !== undefined && v.failure === undefined
    ? { voucher: v.voucher }
    : v.failure !== undefined && v.voucher === undefined
      ? { failure: v.failure }
      : undefined;

/** The vendor's answer: exactly one of `voucher` (a non-empty id) and `failure` (a text). */
export const VendorAnswerCodec = withFast(
  new t.Type<VendorAnswer, VendorAnswer, unknown>(
    'VendorAnswer',
    (u): u is VendorAnswer => VendorFields.is(u) && exactlyOne(u) !== undefined,
    (u, c) => {
      const r = VendorFields.validate(u, c);
      if (r._tag === 'Left') return r;
      const v = exactlyOne(r.right);
      return v === undefined ? t.failure(u, c, 'expected exactly one of voucher and failure') : t.success(v);
    },
    (a) => ('voucher' in a ? { voucher: a.voucher } : { failure: a.failure }),
  ),
  (u) => {
    const r = vendorFast === undefined ? FAIL : vendorFast(u);
    return r === FAIL ? FAIL : (exactlyOne(r) ?? FAIL);
  },
);

/**
 * A union of object codecs told apart by their `mode` field (`{mode: "POINTS", ...}` or
 * `{mode: "CONV_RATIO", ...}`); each case keeps its own strictness and fast path.
 */
export const byMode = <A extends { readonly mode: string }>(
  name: string,
  cases: { readonly [M in A['mode']]: t.Type<Extract<A, { readonly mode: M }>, unknown, unknown> },
): t.Type<A, unknown, unknown> => {
  // Each case decodes and encodes the members of A with its mode: dispatching on `mode` keeps them apart.
  const table = cases as unknown as Readonly<Record<string, t.Type<A, unknown, unknown>>>;
  const modes = Object.keys(table);
  const caseOf = (u: unknown): t.Type<A, unknown, unknown> | undefined => {
    if (typeof u !== 'object' || u === null || Array.isArray(u)) return undefined;
    const mode = (u as { mode?: unknown }).mode;
    return typeof mode === 'string' && Object.prototype.hasOwnProperty.call(table, mode) ? table[mode] : undefined;
  };
  return withFast(
    new t.Type<A, unknown, unknown>(
      name,
      (u): u is A => caseOf(u)?.is(u) === true,
      (u, c) => {
        const codec = caseOf(u);
        return codec === undefined ? t.failure(u, c, `expected an object whose mode is one of ${modes.join(', ')}`) : codec.validate(u, c);
      },
      (a) => {
        const codec = table[a.mode];
        assert(codec !== undefined, () => `no codec for mode ${a.mode}`);
        return codec.encode(a);
      },
    ),
    (u) => {
      const codec = caseOf(u);
      if (codec === undefined) return FAIL;
      const fast = fastOf(codec);
      if (fast !== undefined) return fast(u);
      const r = codec.decode(u);
      return r._tag === 'Right' ? r.right : FAIL;
    },
  );
};
