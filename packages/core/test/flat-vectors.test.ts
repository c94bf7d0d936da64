/**
 * The ledger's flat persistent vectors: an account's lines (`LineRows`, read as `Lines` against the events'
 * metas, `EventMetas`) and its expiry windows (`ExpiryWindows`), both blocks of a `BlockArena` that a
 * version appends to in place while it is the last one written. Every version
 * reads what was pushed onto it, whatever is pushed onto other versions later; a line's change and time
 * are derived; canonical dumps show only a version's own items. And `SortedQueue`, which grows its
 * shared array the same way, with `replace`, by which an account's queue holds a lot's current version.
 * Under a transient edit, they change the edit's own objects in place, and no version made outside the
 * edit sees it.
 */
import fc from 'fast-check';
import {
  BlockArena,
  EventMetas,
  ExpiryWindow,
  ExpiryWindows,
  LedgerEventMeta,
  LineRows,
  Lines,
  MetaKind,
  Points as P,
  SortedQueue,
  Timestamp,
  blockRowsMax,
  canonicalValue,
  linesPerAccountMax,
  noBlock,
  openEdit,
  windowsPerAccountMax,
} from '@pointfold/core';

const meta = (n: number): LedgerEventMeta => ({ eventId: `e${n}`, position: n, eventName: 'TransactionAdd', at: (1_700_000_000_000 + n * 1000) as Timestamp });
const window = (n: number): ExpiryWindow => ({ from: (1_700_000_000_000 + n) as Timestamp, to: (1_700_000_000_500 + n) as Timestamp, points: P.fromThousandths(n * 7) });

const addKind: MetaKind = { eventName: 'TransactionAdd', till: undefined, transaction: undefined };
/** The metas of events 0..199: row n is `meta(n)`, which the lines below name by row. */
const metas = Array.from({ length: 200 }, (_, n) => n).reduce((m, n) => m.push(`e${n}`, n, meta(n).at, addKind), EventMetas.empty());
const read = (rows: LineRows): Lines => new Lines(rows, metas);

/** A program of pushes: each onto a version made earlier (by index), with a value. */
const pushes = fc.array(fc.tuple(fc.nat(), fc.integer({ min: -1_000_000, max: 1_000_000 })), { maxLength: 80 });

describe('Lines', () => {
  test('persistence: every version reads the lines pushed onto it, whatever is pushed onto other versions later', () => {
    fc.assert(
      fc.property(pushes, (program) => {
        const versions: { rows: LineRows; model: [number, LedgerEventMeta][] }[] = [{ rows: LineRows.empty(), model: [] }];
        program.forEach(([pick, value], k) => {
          const from = versions[pick % versions.length] as (typeof versions)[number];
          versions.push({ rows: from.rows.push(value, k), model: [...from.model, [value, meta(k)]] });
        });
        for (const { rows, model } of versions) {
          const lines = read(rows);
          expect(lines.length).toBe(model.length);
          expect(lines.toArray().map((l) => [P.toThousandths(l.balance), l.event])).toEqual(model);
          const balances = model.map(([b]) => b);
          expect(lines.toArray().map((l) => P.toThousandths(l.delta))).toEqual(balances.map((b, i) => b - (i === 0 ? 0 : (balances[i - 1] as number))));
          expect(P.toThousandths(lines.lastBalance())).toBe(balances.at(-1) ?? 0);
        }
        // No version was written by another: the empty one is still empty.
        expect(LineRows.empty().length).toBe(0);
        expect(Lines.empty().toArray()).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  test('persistence when versions push the same numbers: a row another version wrote is shared, and every version reads its own', () => {
    // Few distinct rows, so that forks often find the row they would write already there.
    const same = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1 })), { maxLength: 80 });
    fc.assert(
      fc.property(same, (program) => {
        const versions: { rows: LineRows; model: [number, number][] }[] = [{ rows: LineRows.empty(), model: [] }];
        for (const [pick, value, metaRow] of program) {
          const from = versions[pick % versions.length] as (typeof versions)[number];
          versions.push({ rows: from.rows.push(value, metaRow), model: [...from.model, [value, metaRow]] });
        }
        for (const { rows, model } of versions) expect(Array.from({ length: rows.length }, (_, i) => [rows.balanceAt(i), rows.metaAt(i)])).toEqual(model);
      }),
      { numRuns: 300 },
    );
  });

  test('a version that was the last written appends in place; another moves its lines to a new block, and both read their own', () => {
    let a = LineRows.empty();
    for (let i = 0; i < 4; i++) a = a.push(i * 1000, i);
    const b = a.push(1000, 4);
    const c = a.push(2000, 5);
    expect(b.address).toBe(a.address);
    expect(c.address).not.toBe(a.address);
    expect(c.arena).toBe(a.arena);
    expect(read(a).toArray().map((l) => P.toThousandths(l.balance))).toEqual([0, 1000, 2000, 3000]);
    expect(read(b).toArray().map((l) => l.event.eventId)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
    expect(read(c).toArray().map((l) => l.event.eventId)).toEqual(['e0', 'e1', 'e2', 'e3', 'e5']);
    // Two pushes from the empty version start two arenas: they share nothing.
    expect(LineRows.empty().push(1, 0).arena).not.toBe(LineRows.empty().push(1, 0).arena);
  });

  test('a chain of n pushes moves its lines O(log n) times and keeps the arena within a constant factor of the lines', () => {
    const n = 5000;
    let rows = LineRows.empty();
    const addresses = new Set<number>();
    for (let i = 0; i < n; i++) {
      rows = rows.push(i, i % 200);
      addresses.add(rows.address);
    }
    expect(addresses.size).toBeLessThanOrEqual(Math.ceil(Math.log(n) / Math.log(1.5)) + 1);
    // Every block moved into is half as large again as the one before it: at most 3 times the last one's slots.
    expect(rows.arena?.slotsUsed).toBeLessThanOrEqual(3 * (2 + 2 * Math.ceil(n * 1.5)));
    expect(rows.balanceAt(n - 1)).toBe(n - 1);
    expect(rows.metaAt(n - 1)).toBe((n - 1) % 200);
  });

  test('reads by index and by time; a line’s time is its event’s', () => {
    let rows = LineRows.empty();
    for (const [b, n] of [[5, 0], [12, 1], [12, 1], [3, 4]] as const) rows = rows.push(b * 1000, n);
    const lines = read(rows);
    expect(lines.at(1)).toMatchObject({ delta: P.points('7'), balance: P.points('12'), at: meta(1).at, event: meta(1) });
    expect(lines.at(2).delta).toBe(P.zero);
    expect(lines.last()?.delta).toBe(P.points('-9'));
    expect(lines.balanceAt(0)).toBe(P.points('5'));
    expect(lines.eventAt(3)).toEqual(meta(4));
    expect(lines.timeAt(3)).toBe(meta(4).at);
    expect(() => lines.at(4)).toThrow(RangeError);
    expect(() => lines.balanceAt(-1)).toThrow(RangeError);
    expect(() => rows.metaAt(4)).toThrow(RangeError);
    expect([lines.countUntil(meta(1).at), lines.countBefore(meta(1).at), lines.countUntil((meta(0).at - 1) as Timestamp), lines.countUntil(meta(9).at)]).toEqual([3, 1, 0, 4]);
    expect(lines.countWhile((l) => P.isPositive(l.delta))).toBe(2);
    expect([...lines.slice(1, 3)].map((l) => l.event.eventId)).toEqual(['e1', 'e1']);
    // A slice's bounds are clamped to the lines (review 23).
    expect([[...lines.slice(-2, 2)], [...lines.slice(3, 10)]].map((ls) => ls.map((l) => l.event.eventId))).toEqual([['e0', 'e1'], ['e4']]);
    expect([read(LineRows.empty().push(5000, 0)).lastBalance(), lines.last()?.balance]).toEqual([P.points('5'), P.points('3')]);
    expect(Lines.empty().last()).toBeUndefined();
    expect(Lines.empty().lastBalance()).toBe(P.zero);
  });

  test('a canonical dump shows a version’s own lines, not what a later version appended to the shared array', () => {
    let a = LineRows.empty();
    for (let i = 0; i < 5; i++) a = a.push(i, i);
    const before = JSON.stringify(canonicalValue(read(a)));
    const b = a.push(99, 9);
    expect(JSON.stringify(canonicalValue(read(a)))).toBe(before);
    expect(JSON.stringify(canonicalValue(read(b)))).not.toBe(before);
  });
});

describe('BlockArena', () => {
  test('holds rows of two and of three numbers in one arena; each vector reads its own rows; the limits are as documented', () => {
    const arena = BlockArena.create();
    let pairs = noBlock;
    let triples = noBlock;
    for (let i = 0; i < 50; i++) {
      pairs = arena.append(pairs, i, 2, i, -i);
      triples = arena.append(triples, i, 3, i, i * 2, i * 3);
    }
    expect([arena.get(pairs, 2, 49, 0), arena.get(pairs, 2, 49, 1), arena.get(pairs, 2, 7, 1)]).toEqual([49, -49, -7]);
    expect([arena.get(triples, 3, 49, 2), arena.get(triples, 3, 0, 1), arena.get(triples, 3, 10, 1)]).toEqual([147, 0, 20]);
    // An address is its page times 2^26 plus an offset: a block's slots stay below 2^26.
    expect([linesPerAccountMax, windowsPerAccountMax]).toEqual([33_554_430, 22_369_619]);
    expect(blockRowsMax(2)).toBe(linesPerAccountMax);
  });

  test('undo takes back the appends since a mark (in place and moved); keep leaves them; marks nest, each closed once', () => {
    const arena = BlockArena.create();
    let a = noBlock;
    // Blocks of 2, then 3, then 5 rows: four rows leave room for a fifth.
    for (let i = 0; i < 4; i++) a = arena.append(a, i, 2, i, i);
    const used = arena.slotsUsed;
    const outer = arena.mark();
    const b = arena.append(a, 4, 2, 40, 40);
    expect(b).toBe(a);
    const inner = arena.mark();
    const c = arena.append(b, 5, 2, 50, 50);
    expect(c).not.toBe(b);
    expect(arena.append(c, 6, 2, 60, 60)).toBe(c);
    arena.keep(inner);
    expect(arena.slotsUsed).toBeGreaterThan(used);
    arena.undo(outer);
    expect(arena.slotsUsed).toBe(used);
    // The version of four rows appends in place again, as if nothing had happened since the mark.
    expect(arena.append(a, 4, 2, 41, 41)).toBe(a);
    expect(arena.get(a, 2, 4, 0)).toBe(41);
    expect(() => arena.undo(outer)).toThrow(RangeError);
  });

  test('a row another version wrote is shared only when every number is the same: the third of three, and -0 is not 0', () => {
    const arena = BlockArena.create();
    const a = arena.append(noBlock, 0, 3, 1, 2, 3);
    // A block of two rows: the version of one row writes the second in place; another version of one row
    // writing the same numbers shares it, and one whose third number differs moves.
    expect(arena.append(a, 1, 3, 5, 6, 7)).toBe(a);
    expect(arena.append(a, 1, 3, 5, 6, 7)).toBe(a);
    const c = arena.append(a, 1, 3, 5, 6, 8);
    expect(c).not.toBe(a);
    expect([arena.get(a, 3, 1, 2), arena.get(c, 3, 1, 2), arena.get(c, 3, 0, 0)]).toEqual([7, 8, 1]);
    const p = arena.append(noBlock, 0, 2, 1, 1);
    expect(arena.append(p, 1, 2, 0, 4)).toBe(p);
    const q = arena.append(p, 1, 2, -0, 4);
    expect(q).not.toBe(p);
    expect([Object.is(arena.get(p, 2, 1, 0), 0), Object.is(arena.get(q, 2, 1, 0), -0)]).toEqual([true, true]);
  });

  test('a vector of 20,000 rows reads every row back: a block larger than a page gets a page of its own size', () => {
    const arena = BlockArena.create();
    let a = noBlock;
    const n = 20_000;
    for (let i = 0; i < n; i++) a = arena.append(a, i, 2, i, -i);
    const wrong = Array.from({ length: n }, (_, i) => i).filter((i) => arena.get(a, 2, i, 0) !== i || arena.get(a, 2, i, 1) !== -i);
    expect(wrong).toEqual([]);
  });

  test('undo frees the pages made since the mark: the arena stands where it stood, and the next block is where it would have been', () => {
    const arena = BlockArena.create();
    const small = arena.append(noBlock, 0, 2, 1, 1);
    const used = arena.slotsUsed;
    const m = arena.mark();
    let big = noBlock;
    // Enough rows for blocks on several new pages.
    for (let i = 0; i < 20_000; i++) big = arena.append(big, i, 2, i, i);
    expect(arena.slotsUsed).toBeGreaterThan(40_000);
    arena.undo(m);
    expect(arena.slotsUsed).toBe(used);
    expect(arena.append(noBlock, 0, 2, 7, 7)).toBe(used);
    expect(arena.get(small, 2, 0, 0)).toBe(1);
  });

  test('a mark closed twice, out of order, or of another arena is refused with a RangeError, and nothing changes', () => {
    const arena = BlockArena.create();
    let a = noBlock;
    for (let i = 0; i < 4; i++) a = arena.append(a, i, 2, i, i);
    const outer = arena.mark();
    arena.append(a, 4, 2, 40, 40);
    const inner = arena.mark();
    const used = arena.slotsUsed;
    // The outer mark while the inner one is open: out of order.
    expect(() => arena.undo(outer)).toThrow(RangeError);
    expect(() => arena.keep(outer)).toThrow(RangeError);
    expect(() => BlockArena.create().keep(inner)).toThrow(RangeError);
    expect(arena.slotsUsed).toBe(used);
    expect(arena.get(a, 2, 4, 0)).toBe(40);
    arena.keep(inner);
    // Closed once: closing it again would have closed the outer mark in its place.
    expect(() => arena.keep(inner)).toThrow(RangeError);
    // A mark opened after it at the same depth is not the old one.
    arena.keep(outer);
    const again = arena.mark();
    expect(() => arena.undo(outer)).toThrow(RangeError);
    arena.undo(again);
    expect(arena.get(a, 2, 4, 0)).toBe(40);
  });
});

describe('EventMetas', () => {
  const kinds: MetaKind[] = [addKind, { eventName: 'PointsRedemption', till: { code: 'T1', storeCode: 'S1' }, transaction: { number: 'bill-7' } }];
  const row = (n: number): LedgerEventMeta => ({ ...meta(n), eventName: (kinds[n % 2] as MetaKind).eventName, till: kinds[n % 2]?.till, transaction: kinds[n % 2]?.transaction });

  test('persistence: every version reads the metas pushed onto it, whatever is pushed onto other versions, in an edit or not', () => {
    // Each session: from an earlier version (by index), some pushes, under a transient edit or not.
    const sessions = fc.array(fc.tuple(fc.nat(), fc.boolean(), fc.integer({ min: 1, max: 5 })), { maxLength: 40 });
    fc.assert(
      fc.property(sessions, (program) => {
        const versions: { metas: EventMetas; model: number[] }[] = [{ metas: EventMetas.empty(), model: [] }];
        let n = 0;
        program.forEach(([pick, transient, count]) => {
          const from = versions[pick % versions.length] as (typeof versions)[number];
          const edit = transient ? openEdit() : null;
          let m = from.metas;
          const added: number[] = [];
          for (let i = 0; i < count; i++, n++) {
            m = m.push(`e${n}`, n, meta(n).at, kinds[n % 2] as MetaKind, edit);
            added.push(n);
          }
          if (edit !== null) edit.open = false;
          versions.push({ metas: m, model: [...from.model, ...added] });
        });
        for (const { metas: m, model } of versions) {
          expect(m.length).toBe(model.length);
          model.forEach((k, r) => {
            expect(m.at(r)).toEqual(row(k));
            expect(m.timeAt(r)).toBe(meta(k).at);
          });
        }
        expect(EventMetas.empty().length).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  test('a meta reads every field, absent ones undefined; a row out of range is refused', () => {
    const m = EventMetas.empty().push('e1', 4, meta(1).at, kinds[1] as MetaKind);
    expect(Object.entries(m.at(0))).toEqual([
      ['eventId', 'e1'],
      ['position', 4],
      ['eventName', 'PointsRedemption'],
      ['at', meta(1).at],
      ['till', { code: 'T1', storeCode: 'S1' }],
      ['transaction', { number: 'bill-7' }],
    ]);
    expect(m.at(0).till).toBe(kinds[1]?.till);
    expect(() => m.at(1)).toThrow(RangeError);
    expect(() => m.timeAt(-1)).toThrow(RangeError);
  });
});

describe('ExpiryWindows', () => {
  test('persistence: every version reads the windows pushed onto it, whatever is pushed onto other versions later', () => {
    fc.assert(
      fc.property(pushes, (program) => {
        const versions: { windows: ExpiryWindows; model: ExpiryWindow[] }[] = [{ windows: ExpiryWindows.empty(), model: [] }];
        program.forEach(([pick], k) => {
          const from = versions[pick % versions.length] as (typeof versions)[number];
          versions.push({ windows: from.windows.push(window(k)), model: [...from.model, window(k)] });
        });
        for (const { windows, model } of versions) {
          expect(windows.length).toBe(model.length);
          expect([...windows]).toEqual(model);
          expect(canonicalValue(windows)).toEqual({ $windows: model });
        }
        expect([...ExpiryWindows.empty()]).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('SortedQueue', () => {
  test('persistence: every version holds its items in order, whatever is inserted into or dropped from other versions later', () => {
    type Item = readonly [number, number];
    const byKey = (a: Item, b: Item): number => a[0] - b[0];
    // Each step: onto an earlier version (by index), insert a key (mostly ascending, as lots arrive) or drop from the front.
    const step = fc.tuple(fc.nat(), fc.oneof(fc.integer({ min: 0, max: 40 }).map((k) => ({ insert: k })), fc.integer({ min: 0, max: 3 }).map((n) => ({ drop: n }))));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), (program) => {
        const versions: { q: SortedQueue<Item>; model: Item[] }[] = [{ q: SortedQueue.empty<Item>(), model: [] }];
        program.forEach(([pick, op], k) => {
          const from = versions[pick % versions.length] as (typeof versions)[number];
          if ('insert' in op) {
            const item: Item = [op.insert + k, k];
            const at = from.model.filter((x) => x[0] <= item[0]).length;
            versions.push({ q: from.q.insert(item, byKey), model: [...from.model.slice(0, at), item, ...from.model.slice(at)] });
          } else versions.push({ q: from.q.dropFront(op.drop), model: from.model.slice(op.drop) });
        });
        for (const { q, model } of versions) {
          expect(q.toArray()).toEqual(model);
          expect(q.size).toBe(model.length);
          expect(q.first()).toEqual(model[0]);
          model.forEach((item, i) => expect(q.nth(i)).toEqual(item));
          expect(q.nth(model.length)).toBeUndefined();
          expect(q.nth(-1)).toBeUndefined();
        }
        expect(SortedQueue.empty<Item>().size).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('SortedQueue under an edit', () => {
  test('inserts, drops and replaces change the edit’s own object; every version made outside the session holds what it held', () => {
    type Item = readonly [number, number];
    const byKey = (a: Item, b: Item): number => a[0] - b[0];
    const op = fc.oneof(fc.integer({ min: 0, max: 40 }).map((k) => ({ insert: k })), fc.integer({ min: 0, max: 3 }).map((n) => ({ drop: n })), fc.nat().map((i) => ({ replace: i })));
    const sessions = fc.array(fc.tuple(fc.nat(), fc.boolean(), fc.array(op, { minLength: 1, maxLength: 6 })), { maxLength: 40 });
    fc.assert(
      fc.property(sessions, (program) => {
        const versions: { q: SortedQueue<Item>; model: Item[] }[] = [{ q: SortedQueue.empty<Item>(), model: [] }];
        program.forEach(([pick, transient, ops], k) => {
          const from = versions[pick % versions.length] as (typeof versions)[number];
          const edit = transient ? openEdit() : null;
          let q = from.q;
          let model = from.model;
          ops.forEach((o, j) => {
            if ('insert' in o) {
              const item: Item = [o.insert + k, k * 10 + j];
              const at = model.filter((x) => x[0] <= item[0]).length;
              q = q.insert(item, byKey, edit);
              model = [...model.slice(0, at), item, ...model.slice(at)];
            } else if ('drop' in o) {
              q = q.dropFront(o.drop, edit);
              model = model.slice(o.drop);
            } else if (model.length > 0) {
              const at = o.replace % model.length;
              const old = model[at] as Item;
              const next: Item = [old[0], -(k * 10 + j) - 1];
              q = q.replace(old, next, byKey, edit);
              model = model.map((x) => (x === old ? next : x));
            }
          });
          if (edit !== null) edit.open = false;
          versions.push({ q, model });
        });
        for (const { q, model } of versions) expect(q.toArray()).toEqual(model);
      }),
      { numRuns: 300 },
    );
  });
});

describe('SortedQueue.replace', () => {
  type Item = { readonly key: number; readonly v: string };
  const byKey = (a: Item, b: Item): number => a.key - b.key;

  test('puts the new version in the old one’s place, found by identity among equal items; other versions keep the old', () => {
    const x1 = { key: 1, v: 'x1' };
    const y1 = { key: 1, v: 'y1' };
    const z2 = { key: 2, v: 'z2' };
    const q = [x1, y1, z2].reduce((acc, i) => acc.insert(i, byKey), SortedQueue.empty<Item>());
    const y1b = { key: 1, v: 'y1b' };
    const r = q.replace(y1, y1b, byKey);
    expect(r.toArray().map((i) => i.v)).toEqual(['x1', 'y1b', 'z2']);
    expect(q.toArray().map((i) => i.v)).toEqual(['x1', 'y1', 'z2']);
    expect(q.dropFront(1).replace(z2, { key: 2, v: 'z2b' }, byKey).toArray().map((i) => i.v)).toEqual(['y1', 'z2b']);
  });

  test('is the same queue when the old version is not in it (dropped, or never there)', () => {
    const a = { key: 1, v: 'a' };
    const q = SortedQueue.empty<Item>().insert(a, byKey).insert({ key: 3, v: 'c' }, byKey);
    expect(q.replace({ key: 1, v: 'a' }, { key: 1, v: 'other' }, byKey)).toBe(q);
    expect(q.dropFront(1).replace(a, { key: 1, v: 'a2' }, byKey).toArray().map((i) => i.v)).toEqual(['c']);
  });
});
