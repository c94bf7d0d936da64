/**
 * Free-form JSON the engine keeps (custom fields, notes objects): refused when it holds a key that
 * could change a prototype chain (`__proto__`, `constructor`, `prototype`), and copied into fresh
 * objects so that nothing a client sent is shared with the state.
 */
import * as t from 'io-ts';
import { dangerousKeys, Json } from './struct';
import { packJsonObject, withPacking } from './pack';
import { textLengthMax } from '../limits';

const depthMax = 16;

const copy = (u: unknown, depth: number): { ok: true; value: Json } | { ok: false; reason: string } => {
  if (u === null || typeof u === 'boolean') return { ok: true, value: u };
  if (typeof u === 'number') return Number.isFinite(u) ? { ok: true, value: u } : { ok: false, reason: 'not a finite number' };
  if (typeof u === 'string') return u.length <= textLengthMax ? { ok: true, value: u } : { ok: false, reason: 'text too long' };
  if (depth >= depthMax) return { ok: false, reason: `nested deeper than ${depthMax}` };
  if (Array.isArray(u)) {
    const out: Json[] = [];
    for (const x of u) {
      const r = copy(x, depth + 1);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return { ok: true, value: out };
  }
  if (typeof u === 'object') {
    const out: Record<string, Json> = {};
    for (const k of Object.keys(u)) {
      if (dangerousKeys.has(k)) return { ok: false, reason: `the key ${k} is not allowed` };
      const r = copy((u as Record<string, unknown>)[k], depth + 1);
      if (!r.ok) return r;
      out[k] = r.value;
    }
    return { ok: true, value: out };
  }
  return { ok: false, reason: 'not JSON' };
};

/** Any JSON object without prototype-changing keys, copied. */
export const SafeJsonObject = withPacking(new t.Type<{ readonly [k: string]: Json }, { readonly [k: string]: Json }, unknown>(
  'JsonObject',
  (u): u is { readonly [k: string]: Json } => typeof u === 'object' && u !== null && !Array.isArray(u) && copy(u, 0).ok,
  (u, c) => {
    if (typeof u !== 'object' || u === null || Array.isArray(u)) return t.failure(u, c, 'expected an object');
    const r = copy(u, 0);
    return r.ok ? t.success(r.value as { readonly [k: string]: Json }) : t.failure(u, c, r.reason);
  },
  t.identity,
), packJsonObject);
