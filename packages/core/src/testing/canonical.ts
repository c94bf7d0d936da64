/**
 * A canonical dump of a folded state, for tests that compare two states by what they hold rather
 * than by identity or internal layout: persistent maps become objects with sorted keys, vectors and
 * queues become arrays, amounts become their exact text. Two replays of one log give the same dump.
 */
import { PMap, SortedQueue, Vec } from '../collections';
import { OrgState } from '../engine/state';

const canonical = (v: unknown): unknown => {
  // Points are an opaque exact amount; whatever their representation, a bigint prints exactly.
  if (typeof v === 'bigint') return `${v.toString()}n`;
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof PMap) {
    const entries = [...(v as PMap<unknown>).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { $map: entries.map(([k, x]) => [k, canonical(x)]) };
  }
  if (v instanceof Vec || v instanceof SortedQueue) return { $seq: (v as Vec<unknown>).toArray().map(canonical) };
  if (v instanceof Map) return canonical(PMap.of([...(v as Map<unknown, unknown>)].map(([k, x]) => [String(k), x] as const)));
  if (Array.isArray(v)) return v.map(canonical);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) out[k] = canonical(x);
  }
  return out;
};

/**
 * The canonical JSON text of a state (version, time, event ids, reference data, ledger and every
 * slice). Compare two of them with `toBe`/`toEqual`.
 * @example expect(canonicalState(replayTwice)).toBe(canonicalState(replayOnce))
 */
export const canonicalState = (s: OrgState): string =>
  JSON.stringify(
    canonical({ version: s.version, lastAt: s.lastAt, eventIds: s.eventIds, org: s.org, ledger: s.ledger, slices: s.slices }),
  );
