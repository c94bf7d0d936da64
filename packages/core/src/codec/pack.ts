/**
 * Decoded values packed into a list of numbers and a list of strings, and rebuilt from them. This is
 * how a decoded event crosses from one thread to another cheaply: `pointfold replay` decodes a history
 * in a worker and folds it in the main thread, and a structured clone of the decoded objects would cost
 * the main thread about as much as decoding them. A codec's packing follows its own fields (see
 * `struct`, `primitives`): the rebuilt value is the one the codec decoded, with its keys in the same
 * order. Unpacking trusts its input to come from `pack` with the same codec: it checks nothing.
 */

import type { Json } from './struct';

/** Where values are packed: numbers (amounts, times, counts, choices) and strings (ids, texts), in order. */
export interface PackBuffer {
  readonly nums: number[];
  readonly strs: string[];
}

/** What values are unpacked from, and how far the reading went. */
export interface PackReader {
  readonly nums: ArrayLike<number>;
  readonly strs: readonly string[];
  /** The next number to read. */
  n: number;
  /** The next string to read. */
  s: number;
}

/** An empty buffer. */
export const packBuffer = (): PackBuffer => ({ nums: [], strs: [] });

/** A reader at the start of packed numbers and strings. */
export const packReader = (nums: ArrayLike<number>, strs: readonly string[]): PackReader => ({ nums, strs, n: 0, s: 0 });

/** Packs a value of a codec's type. */
export type Pack<A> = (a: A, out: PackBuffer) => void;
/** Rebuilds a value that `Pack` packed. */
export type Unpack<A> = (r: PackReader) => A;

/** How values of a codec's type are packed and rebuilt. */
export interface Packing<A> {
  readonly pack: Pack<A>;
  readonly unpack: Unpack<A>;
}

/** The packing of a codec, if it has one. */
export const packingOf = <A>(codec: object): Packing<A> | undefined => (codec as { packing?: Packing<A> }).packing;

/** Gives a codec its packing (which must rebuild exactly what the codec decodes). */
export const withPacking = <C extends object, A>(codec: C, packing: Packing<A>): C => Object.assign(codec, { packing });

/** A string field. */
export const packString: Packing<string> = {
  pack: (a, out) => {
    out.strs.push(a);
  },
  unpack: (r) => r.strs[r.s++] as string,
};

/** A number field (exact: numbers travel as doubles). */
export const packNumber: Packing<number> = {
  pack: (a, out) => {
    out.nums.push(a);
  },
  unpack: (r) => r.nums[r.n++] as number,
};

/** One of a few literals: its index travels. */
export const packChoice = <L extends string>(values: readonly L[]): Packing<L> => {
  const index = new Map<string, number>(values.map((v, i) => [v, i]));
  return {
    pack: (a, out) => {
      out.nums.push(index.get(a) as number);
    },
    unpack: (r) => values[r.nums[r.n++] as number] as L,
  };
};

/** An array: its length, then its items. */
export const packArray = <A>(item: Packing<A>): Packing<readonly A[]> => ({
  pack: (a, out) => {
    out.nums.push(a.length);
    for (const x of a) item.pack(x, out);
  },
  unpack: (r) => {
    const n = r.nums[r.n++] as number;
    const out = new Array<A>(n);
    for (let i = 0; i < n; i++) out[i] = item.unpack(r);
    return out;
  },
});

/**
 * An object of required then optional keys (as `struct` decodes it): a bit set of the optional keys
 * present, then the values of the keys present, in order. Rebuilt objects are copies of a template of
 * their keys (one per set of keys present), so they have the decoder's key order and object shape.
 */
export const packStruct = <A>(keys: readonly string[], required: number, fields: readonly Packing<unknown>[]): Packing<A> | undefined => {
  if (keys.length - required > 30) return undefined;
  const shapes = new Map<number, Record<string, undefined>>();
  const shapeOf = (present: number): Record<string, undefined> => {
    let shape = shapes.get(present);
    if (shape === undefined) {
      shape = {};
      for (let i = 0; i < keys.length; i++) if (i < required || (present & (1 << (i - required))) !== 0) shape[keys[i] as string] = undefined;
      shapes.set(present, shape);
    }
    return shape;
  };
  return {
    pack: (a, out) => {
      const o = a as Record<string, unknown>;
      let present = 0;
      for (let i = required; i < keys.length; i++) if (o[keys[i] as string] !== undefined) present |= 1 << (i - required);
      out.nums.push(present);
      for (let i = 0; i < keys.length; i++) {
        const v = o[keys[i] as string];
        if (i < required || v !== undefined) (fields[i] as Packing<unknown>).pack(v, out);
      }
    },
    unpack: (r) => {
      const present = r.nums[r.n++] as number;
      const out: Record<string, unknown> = { ...shapeOf(present) };
      for (let i = 0; i < keys.length; i++)
        if (i < required || (present & (1 << (i - required))) !== 0) out[keys[i] as string] = (fields[i] as Packing<unknown>).unpack(r);
      return out as A;
    },
  };
};

const JSON_NULL = 0;
const JSON_FALSE = 1;
const JSON_TRUE = 2;
const JSON_NUMBER = 3;
const JSON_STRING = 4;
const JSON_ARRAY = 5;
const JSON_OBJECT = 6;

/**
 * Any JSON value (free-form fields: custom fields, notes): a tag per value, then its number, string,
 * items, or keys and values. Numbers travel as doubles (-0 stays -0); keys keep their order. The keys
 * of a value the codecs decoded are safe (no `__proto__`, see `SafeJsonObject`).
 */
export const packJsonValue: Packing<Json> = {
  pack: (a, out) => {
    if (a === null) out.nums.push(JSON_NULL);
    else if (a === false) out.nums.push(JSON_FALSE);
    else if (a === true) out.nums.push(JSON_TRUE);
    else if (typeof a === 'number') out.nums.push(JSON_NUMBER, a);
    else if (typeof a === 'string') {
      out.nums.push(JSON_STRING);
      out.strs.push(a);
    } else if (Array.isArray(a)) {
      out.nums.push(JSON_ARRAY, a.length);
      for (const x of a as readonly Json[]) packJsonValue.pack(x, out);
    } else {
      const o = a as { readonly [k: string]: Json };
      const keys = Object.keys(o);
      out.nums.push(JSON_OBJECT, keys.length);
      for (const k of keys) {
        out.strs.push(k);
        packJsonValue.pack(o[k] as Json, out);
      }
    }
  },
  unpack: (r) => {
    const tag = r.nums[r.n++];
    switch (tag) {
      case JSON_NULL:
        return null;
      case JSON_FALSE:
        return false;
      case JSON_TRUE:
        return true;
      case JSON_NUMBER:
        return r.nums[r.n++] as number;
      case JSON_STRING:
        return r.strs[r.s++] as string;
      case JSON_ARRAY: {
        const n = r.nums[r.n++] as number;
        const out: Json[] = [];
        for (let i = 0; i < n; i++) out.push(packJsonValue.unpack(r));
        return out;
      }
      default: {
        const n = r.nums[r.n++] as number;
        const out: Record<string, Json> = {};
        for (let i = 0; i < n; i++) {
          const k = r.strs[r.s++] as string;
          out[k] = packJsonValue.unpack(r);
        }
        return out;
      }
    }
  },
};

/** A JSON object (see `packJsonValue`). */
export const packJsonObject: Packing<{ readonly [k: string]: Json }> = {
  pack: (a, out) => packJsonValue.pack(a, out),
  unpack: (r) => packJsonValue.unpack(r) as { readonly [k: string]: Json },
};
