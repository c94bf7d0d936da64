/**
 * io-ts building blocks for the engine's JSON: a fast object codec that builds a fresh object
 * with only its declared keys (so `__proto__`, `constructor` and unknown keys never reach the
 * state), and a readable report of what failed. Decoders never throw.
 */
import * as t from 'io-ts';
import { Packing, packStruct, packingOf, withPacking } from './pack';

/** A JSON value as the engine writes it. */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };
/** A JSON object as the engine writes it. */
export type JsonObject = { readonly [key: string]: Json };

type AnyCodec = t.Mixed;

/** What a fast decoder returns when the value is not valid (the full decoder then says why). */
export const FAIL: unique symbol = Symbol('FAIL');
/** A decoder for the hot path: the value, or FAIL, with no error reporting and no allocation on success. */
export type FastDecode<A> = (u: unknown) => A | typeof FAIL;

/** The fast decoder of a codec, if it has one. */
export const fastOf = <A>(codec: t.Type<A, unknown, unknown>): FastDecode<A> | undefined =>
  (codec as t.Type<A, unknown, unknown> & { fast?: FastDecode<A> }).fast;

/**
 * Gives a codec a fast decoder. It must accept exactly what the codec's `validate` accepts and
 * return the same value; `validate` stays the reference and reports errors.
 */
export const withFast = <A, O>(codec: t.Type<A, O, unknown>, fast: FastDecode<A>): t.Type<A, O, unknown> =>
  Object.assign(codec, { fast });

/**
 * Decodes with the fast path when there is one, falling back to `validate` for the error report.
 * Same result as `codec.decode`.
 */
export const decodeFast = <A, O>(codec: t.Type<A, O, unknown>, u: unknown): t.Validation<A> => {
  const fast = fastOf(codec);
  if (fast !== undefined) {
    const r = fast(u);
    if (r !== FAIL) return t.success(r);
  }
  return codec.decode(u);
};
type Props = Readonly<Record<string, AnyCodec>>;

type TypeOfProps<R extends Props, O extends Props> = { readonly [K in keyof R]: t.TypeOf<R[K]> } & {
  readonly [K in keyof O]?: t.TypeOf<O[K]>;
};
type OutputOfProps<R extends Props, O extends Props> = { readonly [K in keyof R]: t.OutputOf<R[K]> } & {
  readonly [K in keyof O]?: t.OutputOf<O[K]>;
};

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/**
 * The number of an object's own enumerable keys, without the array `Object.keys` allocates. An
 * enumerable inherited key (a polluted prototype) only makes the count larger: the fast path then
 * fails and the full decoder, which reads own keys alone, decides.
 */
const ownKeyCount = (o: object): number => {
  let n = 0;
  for (const _key in o) n++;
  return n;
};

/**
 * Children are validated with the parent's context (no allocation on the happy path); on failure
 * the child's key is put back into each error's path.
 */
const withKey = (errors: t.Errors, depth: number, entry: t.ContextEntry): t.Errors =>
  errors.map((e) => ({ ...e, context: [...e.context.slice(0, depth), entry, ...e.context.slice(depth)] }));

export interface StructOptions {
  /** Refuse keys that are neither required nor optional (default true). */
  readonly strict?: boolean;
}

/** The keys that can change an object's prototype chain when copied carelessly. */
export const dangerousKeys: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * An object codec with required and optional properties. The decoded value is a new plain object
 * holding only the declared keys; an optional key that is absent or `null` is left out.
 * With `strict` (the default) an undeclared key is an error naming it.
 * @example const Till = struct({ code: t.string }, { storeCode: t.string });
 */
export function struct<R extends Props, O extends Props = Record<never, never>>(
  required: R,
  optional: O = {} as O,
  options: StructOptions = {},
  name = 'object',
): t.Type<TypeOfProps<R, O>, OutputOfProps<R, O>, unknown> {
  const strict = options.strict ?? true;
  const reqKeys = Object.keys(required);
  const optKeys = Object.keys(optional);
  const known = new Set([...reqKeys, ...optKeys]);
  const is = (u: unknown): u is TypeOfProps<R, O> => {
    if (typeof u !== 'object' || u === null || Array.isArray(u)) return false;
    const o = u as Record<string, unknown>;
    for (const k of reqKeys) if (!(required[k] as AnyCodec).is(o[k])) return false;
    for (const k of optKeys) if (o[k] !== undefined && !(optional[k] as AnyCodec).is(o[k])) return false;
    return true;
  };
  const reqFast = reqKeys.map((k) => fastOf(required[k] as AnyCodec));
  const optFast = optKeys.map((k) => fastOf(optional[k] as AnyCodec));
  const allFast = reqFast.every((f) => f !== undefined) && optFast.every((f) => f !== undefined);
  const fast = (u: unknown): TypeOfProps<R, O> | typeof FAIL => {
    if (typeof u !== 'object' || u === null || Array.isArray(u)) return FAIL;
    const o = u as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    let present = 0;
    for (let i = 0; i < reqKeys.length; i++) {
      const k = reqKeys[i] as string;
      const v = o[k];
      if (v === undefined || !hasOwn(o, k)) return FAIL;
      const r = (reqFast[i] as FastDecode<unknown>)(v);
      if (r === FAIL) return FAIL;
      out[k] = r;
      present++;
    }
    for (let i = 0; i < optKeys.length; i++) {
      const k = optKeys[i] as string;
      const v = o[k];
      if (v === undefined) continue;
      if (!hasOwn(o, k)) return FAIL;
      present++;
      if (v === null) continue;
      const r = (optFast[i] as FastDecode<unknown>)(v);
      if (r === FAIL) return FAIL;
      out[k] = r;
    }
    if (strict && ownKeyCount(o) !== present) return FAIL;
    return out as TypeOfProps<R, O>;
  };
  const codec = new t.Type<TypeOfProps<R, O>, OutputOfProps<R, O>, unknown>(
    name,
    is,
    (u, c) => {
      if (typeof u !== 'object' || u === null || Array.isArray(u)) return t.failure(u, c, 'expected an object');
      const o = u as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      const errors: t.Errors = [];
      for (const k of reqKeys) {
        const codec = required[k] as AnyCodec;
        const v = hasOwn(o, k) ? o[k] : undefined;
        if (v === undefined) {
          errors.push({ value: v, context: [...c, { key: k, type: codec, actual: v }], message: 'is missing' });
          continue;
        }
        const r = codec.validate(v, c);
        if (r._tag === 'Left') errors.push(...withKey(r.left, c.length, { key: k, type: codec, actual: v }));
        else out[k] = r.right;
      }
      for (const k of optKeys) {
        const v = hasOwn(o, k) ? o[k] : undefined;
        if (v === undefined || v === null) continue;
        const codec = optional[k] as AnyCodec;
        const r = codec.validate(v, c);
        if (r._tag === 'Left') errors.push(...withKey(r.left, c.length, { key: k, type: codec, actual: v }));
        else out[k] = r.right;
      }
      if (strict) {
        for (const k of Object.keys(o)) {
          if (!known.has(k)) errors.push({ value: o[k], context: [...c, { key: k, type: t.never, actual: o[k] }], message: 'is not a known field' });
        }
      }
      return errors.length > 0 ? t.failures(errors) : t.success(out as TypeOfProps<R, O>);
    },
    (a) => {
      const out: Record<string, unknown> = {};
      const src = a as Record<string, unknown>;
      for (const k of reqKeys) out[k] = (required[k] as AnyCodec).encode(src[k]);
      for (const k of optKeys) if (src[k] !== undefined) out[k] = (optional[k] as AnyCodec).encode(src[k]);
      return out as OutputOfProps<R, O>;
    },
  );
  if (!allFast) return codec;
  withFast(codec, fast);
  // Packed when every field is: an object whose fields all pack is rebuilt as the fast decoder builds it.
  const fields = [...reqKeys.map((k) => packingOf<unknown>(required[k] as AnyCodec)), ...optKeys.map((k) => packingOf<unknown>(optional[k] as AnyCodec))];
  const packing = fields.every((f) => f !== undefined) ? packStruct<TypeOfProps<R, O>>([...reqKeys, ...optKeys], reqKeys.length, fields as Packing<unknown>[]) : undefined;
  return packing === undefined ? codec : withPacking(codec, packing);
}

/** The path of a failed value, as `a.b[2].c`. */
export const pathOf = (context: t.Context): string => {
  let s = '';
  for (const entry of context) {
    if (entry.key === '') continue;
    s += /^\d+$/.test(entry.key) ? `[${entry.key}]` : s === '' ? entry.key : `.${entry.key}`;
  }
  return s;
};

const show = (u: unknown): string => {
  if (u === undefined) return 'nothing';
  try {
    const s = JSON.stringify(u);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    // String() throws too for an object without a prototype: name its kind instead.
    return Object.prototype.toString.call(u);
  }
};

/**
 * The first failure as one readable sentence naming the field, e.g.
 * `points: 878: more than three decimals` or `customerId: is missing`.
 */
export const describeErrors = (errors: t.Errors): string => {
  const e = errors[0];
  if (e === undefined) return 'invalid value';
  const path = pathOf(e.context);
  const last = e.context[e.context.length - 1];
  const message = e.message ?? `expected ${last?.type.name ?? 'a valid value'}, got ${show(e.value)}`;
  return path === '' ? message : `${path}: ${message}`;
};
