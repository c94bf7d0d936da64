/**
 * io-ts codecs for request values as the seeds send them: numbers that arrive as numbers or as text
 * (query strings are all text; the seeds' bodies use both), booleans as `true` or `"true"`, dates
 * with or without a zone (without one, UTC). Unknown fields in a body are ignored (the seeds' samples
 * carry many the engine does not use); the values the engine keeps are copied, never shared.
 *
 * Two kinds of field: those the HTTP layer must read (a note, a flag, a brand) are decoded here, and
 * a wrong one is a 400 naming the field; those whose refusal the seeds give a business code of its
 * own (a transfer's amount: 422, an identifier type: 434, a redemption id: 901) are passed through
 * as the client sent them (`Raw`, `RawObject`), for the domain to answer with that code.
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { Json, Timestamp, describeErrors, limits, parseTimestamp, struct } from '@pointfold/core';

/** An integer, from a JSON number or its decimal text (`"626"`). */
export const IntLike = new t.Type<number, number, unknown>(
  'integer',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u),
  (u, c) => {
    const n = typeof u === 'number' ? u : typeof u === 'string' && /^\s*-?\d{1,16}\s*$/.test(u) ? Number(u) : Number.NaN;
    return Number.isSafeInteger(n) ? t.success(n) : t.failure(u, c, `expected an integer, got ${shownValue(u)}`);
  },
  t.identity,
);

/** A non-empty text, from a JSON string or an integer (identifier values such as mobiles arrive as numbers in the seeds). */
export const TextLike = new t.Type<string, string, unknown>(
  'text',
  (u): u is string => typeof u === 'string',
  (u, c) => {
    if (typeof u === 'string') return u.length > 0 && u.length <= limits.textLengthMax ? t.success(u) : t.failure(u, c, u.length === 0 ? 'is empty' : 'is too long');
    if (typeof u === 'number' && Number.isSafeInteger(u)) return t.success(String(u));
    return t.failure(u, c, `expected a text, got ${shownValue(u)}`);
  },
  t.identity,
);

/** A text that may be empty (notes, codes): a JSON string or an integer, at most `textLengthMax` characters. */
export const AnyText = new t.Type<string, string, unknown>(
  'text',
  (u): u is string => typeof u === 'string',
  (u, c) => {
    if (typeof u === 'string') return u.length <= limits.textLengthMax ? t.success(u) : t.failure(u, c, 'is too long');
    if (typeof u === 'number' && Number.isSafeInteger(u)) return t.success(String(u));
    return t.failure(u, c, `expected a text, got ${shownValue(u)}`);
  },
  t.identity,
);

/** A boolean, from `true`/`false` or their text. */
export const BoolLike = new t.Type<boolean, boolean, unknown>(
  'boolean',
  (u): u is boolean => typeof u === 'boolean',
  (u, c) =>
    typeof u === 'boolean' ? t.success(u) : u === 'true' ? t.success(true) : u === 'false' ? t.success(false) : t.failure(u, c, 'expected true or false'),
  t.identity,
);

/** A date-time: ISO-8601, with or without a zone (without one, UTC). */
export const DateLike = new t.Type<Timestamp, string, unknown>(
  'date-time',
  (u): u is Timestamp => typeof u === 'number',
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c, 'expected a date-time such as 2026-03-01T10:00:00');
    const r = parseTimestamp(u.trim());
    return E.isRight(r) ? t.success(r.right) : t.failure(u, c, r.left);
  },
  (a) => String(a),
);

/**
 * Any JSON value, passed through as sent: for a field whose refusal carries a business code of its
 * own (the domain reads it as `unknown`). A JSON body holds only JSON, so nothing else arrives here.
 */
export const Raw = new t.Type<Json, Json, unknown>(
  'value',
  (u): u is Json => u !== undefined,
  (u, c) => (u === undefined ? t.failure(u, c, 'is missing') : t.success(u as Json)),
  t.identity,
);

/**
 * A JSON object whose listed keys the domain reads as raw values (`fromEntity`, `identifier`): an
 * object becomes a fresh one holding only those keys (own properties, so neither `__proto__` nor
 * unknown keys travel further); any other value is passed through for the domain to refuse.
 */
export const RawObject = <K extends string>(name: string, keys: readonly K[]) =>
  new t.Type<Json | { readonly [k in K]?: Json }, unknown, unknown>(
    name,
    (u): u is Json => u !== undefined,
    (u, c) => {
      if (u === undefined) return t.failure(u, c, 'is missing');
      if (typeof u !== 'object' || u === null || Array.isArray(u)) return t.success(u as Json);
      const out: { [k: string]: Json } = {};
      for (const k of keys) if (Object.prototype.hasOwnProperty.call(u, k)) out[k] = (u as Record<string, Json>)[k] as Json;
      return t.success(out);
    },
    t.identity,
  );

/** A value as a message shows it (short; never throws). */
export const shownValue = (u: unknown): string => {
  if (u === undefined) return 'nothing';
  try {
    const s = JSON.stringify(u);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return typeof u;
  }
};

/** Decodes a request value: the value, or a sentence naming the field that is wrong. */
export const decodeRequest = <A>(codec: t.Type<A, unknown, unknown>, u: unknown): E.Either<string, A> => {
  const r = codec.decode(u);
  return E.isRight(r) ? r : E.left(describeErrors(r.left));
};

/**
 * A v1.1 body given as seed 004's samples do, `{root: {field: ...}}`, or bare, `{field: ...}`. A body
 * with both is two requests in one and is refused (decision 87: a field given twice is never a silent
 * choice).
 */
export const v11Body = <A>(codec: t.Type<A, unknown, unknown>, field: string): t.Type<A, unknown, unknown> => {
  const wrapped = struct({ root: codec }, {}, { strict: false }, 'body');
  const has = (u: unknown, k: string): boolean => typeof u === 'object' && u !== null && !Array.isArray(u) && Object.prototype.hasOwnProperty.call(u, k);
  return new t.Type<A, unknown, unknown>(
    'body',
    codec.is,
    (u, c) =>
      !has(u, 'root')
        ? codec.validate(u, c)
        : has(u, field)
          ? t.failure(u, c, `has both root.${field} and ${field}: give the request once`)
          : E.map((w: { readonly root: A }) => w.root)(wrapped.validate(u, c)),
    t.identity,
  );
};
