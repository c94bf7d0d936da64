/**
 * io-ts codecs for request values as the seeds send them: numbers that arrive as numbers or as text
 * (query strings are all text; the seeds' bodies use both), booleans as `true` or `"true"`, dates
 * with or without a zone (without one, UTC). Unknown fields in a body are ignored (the seeds' samples
 * carry many the engine does not use); the values the engine keeps are copied, never shared.
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { Timestamp, describeErrors, parseTimestamp } from '@pointfold/core';

/** A non-negative integer, from a JSON number or its decimal text. */
export const IntLike = new t.Type<number, number, unknown>(
  'integer',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u),
  (u, c) => {
    const n = typeof u === 'number' ? u : typeof u === 'string' && /^\s*-?\d{1,15}\s*$/.test(u) ? Number(u) : Number.NaN;
    return Number.isSafeInteger(n) ? t.success(n) : t.failure(u, c, `expected an integer, got ${JSON.stringify(u) ?? 'nothing'}`);
  },
  t.identity,
);

/** A text, from a JSON string or number (identifier values such as mobiles arrive as numbers in the seeds). */
export const TextLike = new t.Type<string, string, unknown>(
  'text',
  (u): u is string => typeof u === 'string',
  (u, c) => {
    if (typeof u === 'string') return u.length > 0 && u.length <= 4096 ? t.success(u) : t.failure(u, c, u.length === 0 ? 'is empty' : 'is too long');
    if (typeof u === 'number' && Number.isSafeInteger(u)) return t.success(String(u));
    return t.failure(u, c, `expected a text, got ${JSON.stringify(u) ?? 'nothing'}`);
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

/** Decodes a request value: the value, or a sentence naming the field that is wrong. */
export const decodeRequest = <A>(codec: t.Type<A, unknown, unknown>, u: unknown): E.Either<string, A> => {
  const r = codec.decode(u);
  return E.isRight(r) ? r : E.left(describeErrors(r.left));
};
