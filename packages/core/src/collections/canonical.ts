/**
 * A canonical form of the fold's values, for comparing two states by what they hold rather than by
 * identity or layout (the testing kit's `canonicalState`, the reliability suite's state digest).
 */
import { PMap } from './pmap';
import { SortedQueue, Vec } from './vec';

/**
 * A value with a layout of its own that a canonical form must not show (spare room in a shared
 * array, say): it says what it holds instead.
 */
export interface HasCanonicalForm {
  /** What the value holds, as plain values (written canonically in turn). */
  canonicalForm(): unknown;
}

const hasCanonicalForm = (v: object): v is HasCanonicalForm => typeof (v as Partial<HasCanonicalForm>).canonicalForm === 'function';

/**
 * A value written canonically: persistent and native maps as sorted entries, sets as sorted members,
 * vectors and queues as arrays, values with a canonical form of their own as that form, object keys
 * sorted, undefined members left out, amounts exact.
 * @example JSON.stringify(canonicalValue(PMap.of([['b', 1], ['a', 2]]))) // '{"$map":[["a",2],["b",1]]}'
 */
export const canonicalValue = (v: unknown): unknown => {
  // Points are an opaque exact amount; whatever their representation, a bigint prints exactly.
  if (typeof v === 'bigint') return `${v.toString()}n`;
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof PMap) {
    const entries = [...(v as PMap<unknown>).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { $map: entries.map(([k, x]) => [k, canonicalValue(x)]) };
  }
  if (hasCanonicalForm(v)) return canonicalValue(v.canonicalForm());
  if (v instanceof Vec || v instanceof SortedQueue) return { $seq: (v as Vec<unknown>).toArray().map(canonicalValue) };
  if (v instanceof Map) return canonicalValue(PMap.of([...(v as Map<unknown, unknown>)].map(([k, x]) => [String(k), x] as const)));
  if (v instanceof Set) return { $set: [...(v as Set<unknown>)].map((x) => JSON.stringify(canonicalValue(x))).sort() };
  if (Array.isArray(v)) return v.map(canonicalValue);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) out[k] = canonicalValue(x);
  }
  return out;
};
