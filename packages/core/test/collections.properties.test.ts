/**
 * Model-based properties of the persistent collections: random sequences of changes, forks from old
 * versions and transient edits, run beside native Maps and arrays. Every version that is no longer
 * an open edit's own must read exactly as its model, however the later versions were made.
 */
import fc from 'fast-check';
import { Edit, PMap, SortedQueue, Vec, openEdit } from '@pointfold/core';

type MapOp =
  | { readonly kind: 'set'; readonly key: number; readonly value: number }
  | { readonly kind: 'delete'; readonly key: number }
  | { readonly kind: 'bulk'; readonly from: number; readonly count: number }
  | { readonly kind: 'open' }
  | { readonly kind: 'close' }
  | { readonly kind: 'fork'; readonly pick: number };

const arbMapOp: fc.Arbitrary<MapOp> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('set' as const), key: fc.nat(60), value: fc.integer() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('delete' as const), key: fc.nat(60) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bulk' as const), from: fc.nat(2000), count: fc.integer({ min: 100, max: 700 }) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'open' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'close' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('fork' as const), pick: fc.nat() }) },
);

/** Where a map differs from its model, or undefined (plain checks: thousands of keys per run). */
const differences = (m: PMap<number>, model: ReadonlyMap<string, number>): string | undefined => {
  if (m.size !== model.size) return `size ${m.size}, model ${model.size}`;
  let n = 0;
  for (const [k, v] of m.entries()) {
    n++;
    if (model.get(k) !== v) return `entry ${k}=${v}, model ${String(model.get(k))}`;
  }
  if (n !== model.size) return `${n} entries iterated, model ${model.size}`;
  for (const [k, v] of model) if (!m.has(k) || m.get(k) !== v) return `get ${k} is ${String(m.get(k))}, model ${v}`;
  for (const k of ['k61', 'b-1', 'absent']) if (m.has(k)) return `has ${k}`;
  return undefined;
};

describe('PMap against a native Map', () => {
  test('every version not owned by an open edit reads as its model, after any later change', () => {
    fc.assert(
      fc.property(fc.array(arbMapOp, { maxLength: 60 }), (ops) => {
        let edit: Edit | null = null;
        let cur = PMap.empty<number>();
        let model = new Map<string, number>();
        const versions: [PMap<number>, Map<string, number>][] = [[cur, new Map(model)]];
        const keep = (): void => {
          // Only a version outside an open edit is promised to stay as it is.
          if (edit === null) versions.push([cur, new Map(model)]);
        };
        for (const op of ops) {
          switch (op.kind) {
            case 'set':
              cur = cur.set(`k${op.key}`, op.value, edit);
              model.set(`k${op.key}`, op.value);
              break;
            case 'delete':
              cur = cur.delete(`k${op.key}`, edit);
              model.delete(`k${op.key}`);
              break;
            case 'bulk':
              for (let i = op.from; i < op.from + op.count; i++) {
                cur = cur.set(`b${i}`, i, edit);
                model.set(`b${i}`, i);
              }
              break;
            case 'open':
              if (edit === null) edit = openEdit();
              break;
            case 'close':
              if (edit !== null) {
                edit.open = false;
                edit = null;
              }
              break;
            case 'fork': {
              // Carry on from an older version (an open edit may write to it: it must copy).
              const [m, mm] = versions[op.pick % versions.length] as [PMap<number>, Map<string, number>];
              cur = m;
              model = new Map(mm);
              break;
            }
          }
          keep();
        }
        if (edit !== null) edit.open = false;
        versions.push([cur, model]);
        expect(versions.map(([m, mm], i) => [i, differences(m, mm)]).filter(([, d]) => d !== undefined)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

type QueueOp =
  | { readonly kind: 'insert'; readonly on: number; readonly value: number }
  | { readonly kind: 'drop'; readonly on: number; readonly n: number }
  | { readonly kind: 'push'; readonly on: number; readonly value: number };

describe('SortedQueue and Vec against arrays', () => {
  test('every version keeps its items in order whatever is inserted, pushed or dropped from any version later', () => {
    const byTens = (a: number, b: number): number => Math.floor(a / 10) - Math.floor(b / 10);
    const arbOp: fc.Arbitrary<QueueOp> = fc.oneof(
      { weight: 5, arbitrary: fc.record({ kind: fc.constant('insert' as const), on: fc.nat(), value: fc.nat(200) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), on: fc.nat(), n: fc.nat(4) }) },
      { weight: 4, arbitrary: fc.record({ kind: fc.constant('push' as const), on: fc.nat(), value: fc.integer() }) },
    );
    fc.assert(
      fc.property(fc.array(arbOp, { maxLength: 120 }), fc.nat(3), (ops, recentBias) => {
        const queues: [SortedQueue<number>, number[]][] = [[SortedQueue.empty<number>(), []]];
        const vecs: [Vec<number>, number[]][] = [[Vec.empty<number>(), []]];
        // Mostly grow the newest versions (the in-place paths), sometimes an old one (the copying paths).
        const pick = <A>(xs: readonly A[], on: number): A => xs[on % (recentBias + 1) === 0 ? on % xs.length : xs.length - 1 - (on % Math.min(xs.length, 2))] as A;
        for (const op of ops) {
          if (op.kind === 'push') {
            const [v, model] = pick(vecs, op.on);
            vecs.push([v.push(op.value), [...model, op.value]]);
            continue;
          }
          const [q, model] = pick(queues, op.on);
          if (op.kind === 'insert') {
            const at = model.findIndex((x) => byTens(x, op.value) > 0);
            const next = at < 0 ? [...model, op.value] : [...model.slice(0, at), op.value, ...model.slice(at)];
            queues.push([q.insert(op.value, byTens), next]);
          } else {
            queues.push([q.dropFront(op.n), model.slice(op.n)]);
          }
        }
        for (const [q, model] of queues) {
          expect(q.toArray()).toEqual(model);
          expect([...q]).toEqual(model);
          expect(q.size).toBe(model.length);
          expect(q.first()).toBe(model[0]);
        }
        for (const [v, model] of vecs) {
          expect(v.toArray()).toEqual(model);
          expect(v.length).toBe(model.length);
          expect(v.last()).toBe(model[model.length - 1]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
