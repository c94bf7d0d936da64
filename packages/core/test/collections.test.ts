/**
 * The fold's persistent collections. PMap: every version stays as it was after a later set or
 * delete, an open edit changes its own versions in place and nothing else, and the map grows past
 * many shards. Vec and SortedQueue: appends in place never show in older versions.
 */
import { PMap, SortedQueue, Vec, canonicalValue, hashString, openEdit } from '@pointfold/core';

const contents = <V>(m: PMap<V>): [string, V][] => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

describe('PMap', () => {
  it('keeps every version after a set', () => {
    const a = PMap.empty<number>().set('x', 1);
    const b = a.set('x', 2);
    const c = b.set('y', 3);
    expect(contents(a)).toEqual([['x', 1]]);
    expect(contents(b)).toEqual([['x', 2]]);
    expect(contents(c)).toEqual([['x', 2], ['y', 3]]);
    expect([a.size, b.size, c.size]).toEqual([1, 1, 2]);
    expect(PMap.empty<number>().size).toBe(0);
    expect(PMap.empty<number>().has('x')).toBe(false);
  });

  it('keeps every version after a delete', () => {
    const c = PMap.of([['x', 1], ['y', 2]]);
    const d = c.delete('x');
    expect(contents(c)).toEqual([['x', 1], ['y', 2]]);
    expect(contents(d)).toEqual([['y', 2]]);
    expect([c.size, d.size]).toEqual([2, 1]);
    expect(d.has('x')).toBe(false);
    expect(d.get('x')).toBeUndefined();
    expect(d.delete('x')).toBe(d);
    expect(d.delete('y').size).toBe(0);
  });

  it('returns the same map when nothing changes', () => {
    const a = PMap.of([['x', 1]]);
    expect(a.set('x', 1)).toBe(a);
    expect(a.delete('nope')).toBe(a);
  });

  it('holds a key set to undefined: it has the key, and counts it once when it is set again', () => {
    const a = PMap.empty<number | undefined>().set('x', undefined);
    expect([a.has('x'), a.size]).toEqual([true, 1]);
    const b = a.set('x', 1);
    expect([b.get('x'), b.size, a.get('x'), a.has('x'), a.size]).toEqual([1, 1, undefined, true, 1]);
    expect(a.delete('x').size).toBe(0);
  });

  it('builds with later keys winning', () => {
    expect(contents(PMap.of([['x', 1], ['y', 2], ['x', 3]]))).toEqual([['x', 3], ['y', 2]]);
  });

  it('changes in place only what an open edit created, and nothing once it is closed', () => {
    const base = PMap.of([['x', 1]]);
    const edit = openEdit();
    const m1 = base.set('a', 1, edit);
    expect(m1).not.toBe(base);
    const m2 = m1.set('b', 2, edit).delete('x', edit).set('a', 10, edit);
    expect(m2).toBe(m1);
    expect(contents(m2)).toEqual([['a', 10], ['b', 2]]);
    expect(contents(base)).toEqual([['x', 1]]);
    edit.open = false;
    const m3 = m2.set('c', 3, edit);
    const m4 = m2.delete('a', edit);
    const m5 = m2.set('d', 4, openEdit());
    expect(m3).not.toBe(m2);
    expect(m4).not.toBe(m2);
    expect(m5).not.toBe(m2);
    expect(contents(m2)).toEqual([['a', 10], ['b', 2]]);
    expect(contents(m3)).toEqual([['a', 10], ['b', 2], ['c', 3]]);
    expect(contents(m4)).toEqual([['b', 2]]);
    expect(contents(m5)).toEqual([['a', 10], ['b', 2], ['d', 4]]);
  });

  it('never changes a map the edit did not make, even when the edit writes to it', () => {
    const shared = PMap.of(Array.from({ length: 600 }, (_, i) => [`k${i}`, i] as const));
    const edit = openEdit();
    let m = shared;
    for (let i = 0; i < 600; i++) m = m.set(`k${i}`, -i, edit).set(`n${i}`, i, edit);
    for (let i = 0; i < 300; i++) m = m.delete(`k${i}`, edit);
    expect(shared.size).toBe(600);
    expect(shared.get('k0')).toBe(0);
    expect(shared.get('k599')).toBe(599);
    expect(shared.has('n0')).toBe(false);
    expect([...shared.keys()]).toHaveLength(600);
    expect(m.size).toBe(900);
    expect(m.get('k599')).toBe(-599);
  });

  it('splits a map an edit filled at the first change outside it; the version it changed reads as before', () => {
    const edit = openEdit();
    let m = PMap.empty<number>();
    for (let i = 0; i < 5_000; i++) m = m.set(`key-${i}`, i, edit);
    edit.open = false;
    const changed = m.set('key-7', -7).delete('key-8');
    const later = openEdit();
    const third = m.set('key-9', -9, later);
    later.open = false;
    expect([m.get('key-7'), m.get('key-8'), m.get('key-9'), m.size]).toEqual([7, 8, 9, 5_000]);
    expect([changed.get('key-7'), changed.has('key-8'), changed.get('key-9'), changed.size]).toEqual([-7, false, 9, 4_999]);
    expect([third.get('key-7'), third.get('key-8'), third.get('key-9'), third.size]).toEqual([7, 8, -9, 5_000]);
    expect(new Map(m.entries())).toEqual(new Map(Array.from({ length: 5_000 }, (_, i) => [`key-${i}`, i] as const)));
  });

  it('holds more keys under one edit than one native Map of a session would (past 2^20)', () => {
    const edit = openEdit();
    let m = PMap.empty<number>();
    const n = (1 << 20) + 1_000;
    for (let i = 0; i < n; i++) m = m.set(`k${i}`, i, edit);
    edit.open = false;
    expect(m.size).toBe(n);
    expect([m.get('k0'), m.get(`k${n - 1}`), m.has(`k${n}`)]).toEqual([0, n - 1, false]);
    const next = m.set('k0', -1);
    expect([next.get('k0'), m.get('k0'), next.size]).toEqual([-1, 0, n]);
  });

  it.each([
    ['without an edit', false],
    ['under one edit', true],
  ])('grows past many shards %s, keeping older versions', (_name, withEdit) => {
    const edit = withEdit ? openEdit() : null;
    let m = PMap.empty<number>();
    let at300: PMap<number> | undefined;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      m = m.set(`key-${i}`, i, edit);
      if (i === 299 && edit === null) at300 = m;
    }
    if (edit !== null) edit.open = false;
    expect(m.size).toBe(n);
    for (let i = 0; i < n; i += 7) expect(m.get(`key-${i}`)).toBe(i);
    expect(new Set(m.keys()).size).toBe(n);
    expect([...m.values()].reduce((a, b) => a + b, 0)).toBe((n * (n - 1)) / 2);
    if (at300 !== undefined) {
      expect(at300.size).toBe(300);
      expect(at300.get('key-299')).toBe(299);
      expect(at300.has('key-300')).toBe(false);
      expect([...at300.keys()]).toHaveLength(300);
    }
    let d = m;
    for (let i = 0; i < n; i += 2) d = d.delete(`key-${i}`);
    expect(d.size).toBe(n / 2);
    expect(d.has('key-0')).toBe(false);
    expect(d.get('key-1')).toBe(1);
    expect(m.get('key-0')).toBe(0);
  });

  it('hashes with FNV-1a (32 bits)', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    expect(hashString('foobar')).toBe(0xbf9cf968);
  });
});

describe('Vec', () => {
  it('keeps every version after a push, also when two versions push onto one', () => {
    const a = Vec.empty<number>().push(1).push(2);
    const b = a.push(3);
    const c = a.push(4);
    const d = b.push(5);
    expect(a.toArray()).toEqual([1, 2]);
    expect(b.toArray()).toEqual([1, 2, 3]);
    expect(c.toArray()).toEqual([1, 2, 4]);
    expect(d.toArray()).toEqual([1, 2, 3, 5]);
    expect([...c]).toEqual([1, 2, 4]);
    expect(a.last()).toBe(2);
    expect(Vec.empty<number>().last()).toBeUndefined();
  });

  it('keeps every version of a long vector, whose array grows in place, when two versions push onto one', () => {
    const a = Vec.of(Array.from({ length: 20 }, (_, i) => i));
    const b = a.push(100);
    const c = a.push(200);
    const d = b.push(101);
    expect([a.length, b.length, c.length, d.length]).toEqual([20, 21, 21, 22]);
    expect([b.at(20), c.at(20), d.at(20), d.at(21)]).toEqual([100, 200, 100, 101]);
    // a, b and d share one array: each reads only its own items.
    expect([a.last(), b.last(), c.last(), d.last()]).toEqual([19, 100, 200, 101]);
    expect(a.toArray()).toStrictEqual(Array.from({ length: 20 }, (_, i) => i));
    expect([...a.slice(18, 99)]).toStrictEqual([18, 19]);
    expect(c.toArray()).toStrictEqual([...a.toArray(), 200]);
  });

  it('reads by index, counts a prefix, slices', () => {
    const v = Vec.of([1, 3, 5, 7, 9]);
    expect(v.at(0)).toBe(1);
    expect(v.at(4)).toBe(9);
    expect(() => v.at(5)).toThrow(RangeError);
    expect(() => v.at(-1)).toThrow(RangeError);
    expect([0, 2, 4, 6, 8, 10].map((k) => v.countWhile((x) => x < k))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(v.countWhile(() => false)).toBe(0);
    expect(v.countWhile(() => true)).toBe(5);
    expect([...v.slice(1, 3)]).toStrictEqual([3, 5]);
    expect([...v.slice(3, 99)]).toStrictEqual([7, 9]);
    expect([...v.slice(-2, 2)]).toStrictEqual([1, 3]);
  });

  it('copies what it is built from', () => {
    const items = [1, 2];
    const v = Vec.of(items);
    items.push(3);
    expect(v.toArray()).toEqual([1, 2]);
    expect(v.push(4).toArray()).toEqual([1, 2, 4]);
  });
});

describe('SortedQueue', () => {
  const byValue = (a: number, b: number): number => a - b;
  const q = (...xs: number[]): SortedQueue<number> => xs.reduce((acc, x) => acc.insert(x, byValue), SortedQueue.empty<number>());

  it('keeps items in order, an equal item after the others', () => {
    const byTens = (a: [number, string], b: [number, string]): number => Math.floor(a[0] / 10) - Math.floor(b[0] / 10);
    let s = SortedQueue.empty<[number, string]>();
    for (const x of [[25, 'a'], [5, 'b'], [21, 'c'], [15, 'd'], [29, 'e']] as [number, string][]) s = s.insert(x, byTens);
    expect(s.toArray().map((x) => x[1])).toEqual(['b', 'd', 'a', 'c', 'e']);
    expect(s.first()?.[1]).toBe('b');
    expect(s.size).toBe(5);
  });

  it('keeps every version after inserts, drops and inserts after drops', () => {
    const a = q(1, 3, 5);
    const b = a.insert(7, byValue);
    const c = a.insert(2, byValue);
    const d = b.dropFront(2);
    const e = d.insert(9, byValue);
    const f = d.insert(4, byValue);
    const g = b.insert(8, byValue);
    expect(a.toArray()).toEqual([1, 3, 5]);
    expect(b.toArray()).toEqual([1, 3, 5, 7]);
    expect(c.toArray()).toEqual([1, 2, 3, 5]);
    expect(d.toArray()).toEqual([5, 7]);
    expect(e.toArray()).toEqual([5, 7, 9]);
    expect(f.toArray()).toEqual([4, 5, 7]);
    expect(g.toArray()).toEqual([1, 3, 5, 7, 8]);
    expect([...g]).toEqual([1, 3, 5, 7, 8]);
    expect(d.first()).toBe(5);
    expect(b.dropFront(0)).toBe(b);
    expect(b.dropFront(10).size).toBe(0);
    expect(b.dropFront(10).first()).toBeUndefined();
  });

  it('drops the items at its front for which a predicate holds, asking only about its own items', () => {
    const a = q(1, 2, 3);
    // b appends in place: the array a reads holds b's item past a's end.
    const b = a.insert(4, byValue);
    const seen: number[] = [];
    const dropped = a.dropWhile((x) => {
      seen.push(x);
      return x < 10;
    });
    expect(seen).toEqual([1, 2, 3]);
    expect([dropped.size, dropped.first(), b.size]).toEqual([0, undefined, 4]);
    expect(b.dropWhile((x) => x < 3).toArray()).toEqual([3, 4]);
    expect(b.dropWhile(() => false)).toBe(b);
  });

  it('finds an item by its order', () => {
    const s = q(2, 4, 6, 8).dropFront(1);
    expect(s.includes(4, byValue)).toBe(true);
    expect(s.includes(2, byValue)).toBe(false);
    expect(s.includes(5, byValue)).toBe(false);
    expect(SortedQueue.empty<number>().includes(1, byValue)).toBe(false);
  });
});

describe('empty vectors and queues', () => {
  it('are one shared instance that appending or inserting never writes to', () => {
    expect(Vec.empty<number>()).toBe(Vec.empty<string>());
    expect(SortedQueue.empty<number>()).toBe(SortedQueue.empty<string>());
    const v = Vec.empty<number>().push(1);
    const q = SortedQueue.empty<number>().insert(2, (a, b) => a - b);
    expect(v.toArray()).toEqual([1]);
    expect(q.toArray()).toEqual([2]);
    expect(Vec.empty<number>().length).toBe(0);
    expect(Vec.empty<number>().toArray()).toEqual([]);
    expect(SortedQueue.empty<number>().size).toBe(0);
    expect(SortedQueue.empty<number>().toArray()).toEqual([]);
  });
});

describe('canonicalValue', () => {
  it('writes maps, sets and objects in one order whatever order they were filled in, and keeps versions apart', () => {
    const a = { z: PMap.of<unknown>([['b', 1], ['a', Vec.empty<number>().push(2)]]), s: new Set(['y', 'x']), m: new Map([[2, 'two'], [1, 'one']]), gone: undefined };
    const b = { m: new Map([[1, 'one'], [2, 'two']]), s: new Set(['x', 'y']), z: PMap.of<unknown>([['a', Vec.of([2])], ['b', 1]]) };
    expect(JSON.stringify(canonicalValue(a))).toBe(JSON.stringify(canonicalValue(b)));
    expect(canonicalValue(a)).toEqual({ m: { $map: [['1', 'one'], ['2', 'two']] }, s: { $set: ['"x"', '"y"'] }, z: { $map: [['a', { $seq: [2] }], ['b', 1]] } });
    expect(JSON.stringify(canonicalValue({ ...b, s: new Set(['x']) }))).not.toBe(JSON.stringify(canonicalValue(b)));
    expect(canonicalValue(12n)).toBe('12n');
  });

  it('writes numbers JSON cannot (NaN and the infinities) as text, and leaves undefined members out', () => {
    // JSON.stringify would write all three as null: two states differing there would read the same.
    expect(canonicalValue([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.5])).toStrictEqual(['NaN', 'Infinity', '-Infinity', 1.5]);
    expect(canonicalValue({ b: undefined, a: { c: undefined, d: 1 } })).toStrictEqual({ a: { d: 1 } });
  });
});
