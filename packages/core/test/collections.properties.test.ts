/**
 * Model-based properties of the persistent collections: random sequences of changes, forks from old
 * versions and transient edits, run beside native Maps, Sets and arrays. Every version that is no longer
 * an open edit's own must read exactly as its model, however the later versions were made.
 */
import fc from 'fast-check';
import { Column, ColumnKind, Edit, IdSet, PMap, Records, SortedQueue, Vec, canonicalValue, columnKinds, openEdit, pageRows } from '@pointfold/core';

/** The steps every property below takes besides its structure's own: edits opened and closed, forks from older versions. */
type SessionOp = { readonly kind: 'open' } | { readonly kind: 'close' } | { readonly kind: 'fork'; readonly pick: number };

const sessionOps: { weight: number; arbitrary: fc.Arbitrary<SessionOp> }[] = [
  { weight: 2, arbitrary: fc.constant({ kind: 'open' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'close' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('fork' as const), pick: fc.nat() }) },
];

const isSessionOp = (op: { readonly kind: string }): op is SessionOp => op.kind === 'open' || op.kind === 'close' || op.kind === 'fork';

/**
 * Runs `ops` on a structure beside its model: `step` does the structure's own ops (under the open edit,
 * if any); edits are opened and closed, and a fork carries on from an older version (which an open edit
 * may write to: it must copy). Returns every version that was outside an open edit, with its model then,
 * and the last one.
 */
const runVersions = <S, M, Op extends { readonly kind: string }>(
  ops: readonly (Op | SessionOp)[],
  empty: S,
  emptyModel: M,
  copy: (m: M) => M,
  step: (cur: S, model: M, op: Op, edit: Edit | null) => S,
): [S, M][] => {
  let edit: Edit | null = null;
  let cur = empty;
  let model = copy(emptyModel);
  const versions: [S, M][] = [[cur, copy(model)]];
  for (const op of ops) {
    if (!isSessionOp(op)) cur = step(cur, model, op, edit);
    else if (op.kind === 'open') edit = edit ?? openEdit();
    else if (op.kind === 'close') {
      if (edit !== null) edit.open = false;
      edit = null;
    } else {
      const [x, xm] = versions[op.pick % versions.length] as [S, M];
      cur = x;
      model = copy(xm);
    }
    // Only a version outside an open edit is promised to stay as it is.
    if (edit === null) versions.push([cur, copy(model)]);
  }
  if (edit !== null) edit.open = false;
  versions.push([cur, model]);
  return versions;
};

type MapOp =
  | { readonly kind: 'set'; readonly key: number; readonly value: number }
  | { readonly kind: 'delete'; readonly key: number }
  | { readonly kind: 'bulk'; readonly from: number; readonly count: number };

const arbMapOp: fc.Arbitrary<MapOp | SessionOp> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('set' as const), key: fc.nat(60), value: fc.integer() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('delete' as const), key: fc.nat(60) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bulk' as const), from: fc.nat(2000), count: fc.integer({ min: 100, max: 700 }) }) },
  ...sessionOps,
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
        const versions = runVersions(ops, PMap.empty<number>(), new Map<string, number>(), (m) => new Map(m), (cur, model, op: MapOp, edit) => {
          switch (op.kind) {
            case 'set':
              model.set(`k${op.key}`, op.value);
              return cur.set(`k${op.key}`, op.value, edit);
            case 'delete':
              model.delete(`k${op.key}`);
              return cur.delete(`k${op.key}`, edit);
            case 'bulk': {
              let m = cur;
              for (let i = op.from; i < op.from + op.count; i++) {
                m = m.set(`b${i}`, i, edit);
                model.set(`b${i}`, i);
              }
              return m;
            }
          }
        });
        expect(versions.map(([m, mm], i) => [i, differences(m, mm)]).filter(([, d]) => d !== undefined)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

type IdOp = { readonly kind: 'add'; readonly id: number } | { readonly kind: 'has'; readonly id: number };

const arbIdOp: fc.Arbitrary<IdOp | SessionOp> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('add' as const), id: fc.nat(40) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('has' as const), id: fc.nat(40) }) },
  ...sessionOps,
);

/** Where a set differs from its model, or undefined. */
const idDifferences = (s: IdSet, model: ReadonlySet<string>): string | undefined => {
  const keys = [...s.keys()].sort();
  const expected = [...model].sort();
  if (s.size !== model.size) return `size ${s.size}, model ${model.size}`;
  if (JSON.stringify(keys) !== JSON.stringify(expected)) return `keys ${keys.join(',')}, model ${expected.join(',')}`;
  for (let i = 0; i <= 41; i++) if (s.has(`e${i}`) !== model.has(`e${i}`)) return `has e${i}`;
  if (JSON.stringify(canonicalValue(s)) !== JSON.stringify(canonicalValue(model))) return 'canonical form';
  return undefined;
};

describe('IdSet against a native Set', () => {
  test('every version not owned by an open edit holds exactly its model\'s ids, whether they were listed (fresh) or indexed, after any later add or lookup', () => {
    fc.assert(
      fc.property(fc.array(arbIdOp, { maxLength: 80 }), (ops) => {
        const versions = runVersions(ops, IdSet.empty(), new Set<string>(), (m) => new Set(m), (cur, model, op: IdOp, edit) => {
          const id = `e${op.id}`;
          if (op.kind === 'has') {
            // A lookup indexes the listed ids (in place, even in a shared version): it must not change what any version holds.
            expect(cur.has(id)).toBe(model.has(id));
            return cur;
          }
          // An id not in the set is added fresh (listed), as a fold of valid events does; others are looked up.
          const fresh = !model.has(id);
          model.add(id);
          return cur.add(id, edit, fresh);
        });
        expect(versions.map(([x, xm], i) => [i, idDifferences(x, xm)]).filter(([, d]) => d !== undefined)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  test('an id listed fresh under an edit and added again under it is counted and iterated once', () => {
    const edit = openEdit();
    const s = IdSet.empty().add('e1', edit, true).add('e1', edit);
    edit.open = false;
    expect([s.size, [...s.keys()]]).toEqual([1, ['e1']]);
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

type ColumnOp =
  | { readonly kind: 'push'; readonly value: number }
  | { readonly kind: 'set'; readonly row: number; readonly value: number }
  | { readonly kind: 'bulk'; readonly count: number; readonly value: number };

const arbColumnOp: fc.Arbitrary<ColumnOp | SessionOp> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('push' as const), value: fc.integer({ min: -1000, max: 1000 }) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), row: fc.nat(), value: fc.integer({ min: -1000, max: 1000 }) }) },
  // Pushes that cross a page (or several) from wherever the version ends.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bulk' as const), count: fc.integer({ min: 1, max: pageRows * 2 + 3 }), value: fc.integer({ min: -1000, max: 1000 }) }) },
  ...sessionOps,
);

/** Where a column differs from its model, or undefined. */
const columnDifferences = <T>(c: Column<T>, model: readonly T[]): string | undefined => {
  if (c.length !== model.length) return `length ${c.length}, model ${model.length}`;
  let i = 0;
  for (const v of c.values()) {
    if (!Object.is(v, model[i])) return `row ${i} iterates as ${String(v)}, model ${String(model[i])}`;
    i++;
  }
  for (let r = 0; r < model.length; r++) if (!Object.is(c.get(r), model[r])) return `row ${r} is ${String(c.get(r))}, model ${String(model[r])}`;
  return undefined;
};

describe.each([
  ['float64', columnKinds.float64, (v: number): number => v * 1000.5],
  ['int32', columnKinds.int32, (v: number): number => v * 65536],
  ['uint8', columnKinds.uint8, (v: number): number => v & 0xff],
  ['objects', columnKinds.objects<string | number>(), (v: number): string | number => (v % 2 === 0 ? `s${v}` : v)],
] as [string, ColumnKind<unknown>, (v: number) => unknown][])('Column of %s against an array', (_name, kind, valueOf) => {
  test('every version not owned by an open edit reads as its model, rows pushed or set by any later version unseen', () => {
    fc.assert(
      fc.property(fc.array(arbColumnOp, { maxLength: 60 }), (ops) => {
        const versions = runVersions(ops, Column.empty<unknown>(kind, valueOf(0)), [] as unknown[], (m) => m.slice(), (cur, model, op: ColumnOp, edit) => {
          switch (op.kind) {
            case 'push':
              model.push(valueOf(op.value));
              return cur.push(valueOf(op.value), edit);
            case 'set': {
              if (model.length === 0) return cur;
              const row = op.row % model.length;
              model[row] = valueOf(op.value);
              return cur.set(row, valueOf(op.value), edit);
            }
            case 'bulk': {
              let c = cur;
              for (let i = 0; i < op.count; i++) {
                model.push(valueOf(op.value + i));
                c = c.push(valueOf(op.value + i), edit);
              }
              return c;
            }
          }
        });
        expect(versions.map(([c, m], i) => [i, columnDifferences(c, m)]).filter(([, d]) => d !== undefined)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  test('a row out of the version is refused, never read', () => {
    const c = Column.empty<unknown>(kind, valueOf(0)).push(valueOf(1));
    expect(() => c.get(1)).toThrow(RangeError);
    expect(() => c.get(-1)).toThrow(RangeError);
    expect(() => c.set(1, valueOf(2))).toThrow(RangeError);
    expect(() => c.set(-1, valueOf(2))).toThrow(RangeError);
  });
});

type RecordOp =
  | { readonly kind: 'push'; readonly value: number }
  | { readonly kind: 'set'; readonly row: number; readonly field: number; readonly value: number }
  | { readonly kind: 'bulk'; readonly count: number; readonly value: number };

const arbRecordOp: fc.Arbitrary<RecordOp | SessionOp> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('push' as const), value: fc.integer({ min: -1000, max: 1000 }) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), row: fc.nat(), field: fc.nat(), value: fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.constant(Number.NaN)) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bulk' as const), count: fc.integer({ min: 1, max: pageRows * 2 + 3 }), value: fc.integer({ min: -1000, max: 1000 }) }) },
  ...sessionOps,
);

describe('Records against an array of arrays', () => {
  test('every version not owned by an open edit reads as its model, fields set and rows pushed by any later version unseen', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(arbRecordOp, { maxLength: 60 }), (stride, ops) => {
        const recordOf = (v: number): number[] => Array.from({ length: stride }, (_, f) => v * 10 + f);
        const versions = runVersions(ops, Records.empty(stride), [] as number[][], (m) => m.map((r) => r.slice()), (cur, model, op: RecordOp, edit) => {
          switch (op.kind) {
            case 'push':
              model.push(recordOf(op.value));
              return cur.push(recordOf(op.value), edit);
            case 'set': {
              if (model.length === 0) return cur;
              const row = op.row % model.length;
              const field = op.field % stride;
              (model[row] as number[])[field] = op.value;
              return cur.set(row, field, op.value, edit);
            }
            case 'bulk': {
              let t = cur;
              for (let i = 0; i < op.count; i++) {
                model.push(recordOf(op.value + i));
                t = t.push(recordOf(op.value + i), edit);
              }
              return t;
            }
          }
        });
        const differences = versions
          .map(([t, m], i): [number, string | undefined] => {
            if (t.length !== m.length) return [i, `length ${t.length}, model ${m.length}`];
            for (let r = 0; r < m.length; r++)
              for (let f = 0; f < stride; f++) if (!Object.is(t.get(r, f), (m[r] as number[])[f])) return [i, `row ${r} field ${f} is ${t.get(r, f)}, model ${String((m[r] as number[])[f])}`];
            return [i, undefined];
          })
          .filter(([, d]) => d !== undefined);
        expect(differences).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  test('a row, a field or a record out of the table is refused, never read or written', () => {
    const t = Records.empty(2).push([1, 2]);
    expect(() => t.get(1, 0)).toThrow(RangeError);
    expect(() => t.set(1, 0, 5)).toThrow(RangeError);
    expect(() => t.set(0, 2, 5)).toThrow(RangeError);
    expect(() => t.set(0, -1, 5)).toThrow(RangeError);
    expect(() => t.push([1])).toThrow(RangeError);
    expect(() => Records.empty(0)).toThrow(RangeError);
    expect([t.get(0, 0), t.get(0, 1), t.length]).toEqual([1, 2, 1]);
    // Field -1 of row 1 is where row 0's last field is: refused, not written there.
    const u = t.push([3, 4]);
    expect(() => u.set(1, -1, 9)).toThrow(RangeError);
    expect([u.get(0, 1), u.get(1, 0)]).toEqual([2, 3]);
  });

  test('a field set to -0 reads -0, not the 0 it held: a set compares numbers exactly', () => {
    const t = Records.empty(2).push([0, 1]);
    const u = t.set(0, 0, -0);
    expect(Object.is(u.get(0, 0), -0)).toBe(true);
    expect(Object.is(t.get(0, 0), 0)).toBe(true);
  });
});
