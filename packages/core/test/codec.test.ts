/**
 * The codec building blocks: strict objects that keep only their declared keys, readable failure
 * sentences that never throw, free-form JSON without prototype keys, and the named examples that
 * the decoder fuzzing shrank to.
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { Bool, Id, PositivePoints, SafeJsonObject, Text, arrayOf, coreEngine, decodeFast, describeErrors, oneOf, pathOf, struct, limits } from '@pointfold/core';
import { eventSamples } from './fixtures';

const message = <A>(codec: t.Type<A, unknown, unknown>, u: unknown): string => {
  const r = codec.decode(u);
  return E.isLeft(r) ? describeErrors(r.left) : 'accepted';
};

describe('struct', () => {
  const Till = struct({ code: Id }, { storeCode: Id, open: Bool });

  it('keeps only declared keys, drops an optional null, and names what is wrong', () => {
    expect(Till.decode({ code: 'T1', storeCode: null })).toEqual(E.right({ code: 'T1' }));
    expect(message(Till, { code: 'T1', extra: 1 })).toBe('extra: is not a known field');
    expect(message(Till, {})).toBe('code: is missing');
    expect(message(Till, { code: '' })).toBe('code: is empty');
    expect(message(Till, { code: 'T', open: 'yes' })).toBe('open: expected true or false');
    expect(message(Till, [])).toBe('expected an object');
    expect(message(Till, null)).toBe('expected an object');
  });

  it('reads only own properties, never inherited ones, on its fast path too', () => {
    expect(message(Till, Object.create({ code: 'T1' }) as unknown)).toBe('code: is missing');
    // The engine decodes through the fast path: it must take what validate takes, an inherited key being no key.
    expect(E.mapLeft(describeErrors)(decodeFast(Till, Object.create({ code: 'T1' }) as unknown))).toEqual(E.left('code: is missing'));
    expect(decodeFast(Till, Object.assign(Object.create({ storeCode: 'S1' }) as object, { code: 'T1' }))).toEqual(E.right({ code: 'T1' }));
  });

  it('says a value is of its type only when every field present is', () => {
    expect([Till.is({ code: 'T1' }), Till.is({ code: 'T1', open: true }), Till.is({ code: 'T1', open: 'yes' }), Till.is({ open: true })]).toEqual([true, true, false, false]);
  });

  it('lets unknown keys through only when not strict, and still keeps them out of the value', () => {
    const Lenient = struct({ code: Id }, {}, { strict: false });
    expect(Lenient.decode(JSON.parse('{"code":"T","__proto__":{"x":1},"other":2}') as unknown)).toEqual(E.right({ code: 'T' }));
  });

  it('writes a key that holds digits as a key, only digits alone as an index', () => {
    const entry = (key: string): t.ContextEntry => ({ key, type: t.unknown });
    expect(pathOf([entry(''), entry('lots2'), entry('10'), entry('1a')])).toBe('lots2[10].1a');
  });

  it('writes paths as a.b[2].c', () => {
    const Outer = struct({ items: arrayOf(struct({ inner: struct({ points: PositivePoints }) })) });
    const r = Outer.decode({ items: [{ inner: { points: '1' } }, { inner: { points: '1' } }, { inner: { points: '0.0001' } }] });
    expect(E.isLeft(r) && pathOf((r.left[0] as t.ValidationError).context)).toBe('items[2].inner.points');
    expect(E.isLeft(r) && describeErrors(r.left)).toMatch(/^items\[2\]\.inner\.points: 878: /);
  });
});

describe('failure sentences', () => {
  it('never throw, whatever the failed value', () => {
    const weird: unknown[] = [10n, [0n], Object.create(null) as unknown, Object.assign(Object.create(null) as object, { big: 1n }), Symbol('s')];
    for (const value of weird) {
      expect(typeof describeErrors([{ value, context: [{ key: '', type: t.string, actual: value }], message: undefined }])).toBe('string');
    }
  });

  it('show a failed value whole up to 60 characters of JSON, and its first 57 then "..." beyond', () => {
    const failed = (value: string): string => describeErrors([{ value, context: [{ key: 'x', type: t.string, actual: value }], message: undefined }]);
    expect(failed('y'.repeat(58))).toBe(`x: expected string, got "${'y'.repeat(58)}"`);
    expect(failed('y'.repeat(59))).toBe(`x: expected string, got "${'y'.repeat(56)}...`);
  });

  it('say nothing for an absent value', () => {
    expect(describeErrors([])).toBe('invalid value');
    expect(describeErrors([{ value: undefined, context: [{ key: 'x', type: t.string, actual: undefined }], message: undefined }])).toBe('x: expected string, got nothing');
  });

  it('name the value a one-of refused, even a BigInt', () => {
    const Category = oneOf('Category', ['Main', 'Other']);
    expect(message(Category, 'Gold')).toBe('expected one of Main, Other, got "Gold"');
    expect(message(Category, 10n)).toBe('expected one of Main, Other, got bigint');
    expect(message(Category, undefined)).toBe('expected one of Main, Other, got nothing');
  });

  it('take ids and texts of the longest length, and name one character more', () => {
    expect(message(Id, 'x'.repeat(limits.idLengthMax))).toBe('accepted');
    expect(message(Id, 'x'.repeat(limits.idLengthMax + 1))).toBe(`is longer than ${limits.idLengthMax} characters`);
    expect(message(Text, 'x'.repeat(limits.textLengthMax))).toBe('accepted');
    expect(message(Text, 'x'.repeat(limits.textLengthMax + 1))).toBe(`is longer than ${limits.textLengthMax} characters`);
    // The limits themselves are a decision (docs/decisions.md): a history written under them must still decode.
    expect([limits.idLengthMax, limits.textLengthMax]).toEqual([256, 4096]);
    expect(message(Id, 'x'.repeat(256))).toBe('accepted');
    expect(message(Text, 'x'.repeat(4097))).toBe('is longer than 4096 characters');
  });
});

describe('named examples from the decoder fuzzing', () => {
  // Shrunk counterexample: a BigInt where a one-of field is expected made decodeEvent throw
  // (`TypeError: Do not know how to serialize a BigInt`) instead of answering a Left.
  it('answers a BigInt inside an event with a Left', () => {
    const json = { ...eventSamples.PointsAwarded, pointsCategory: [0n] };
    expect(coreEngine.decodeEvent(json)).toEqual(E.left('pointsCategory: expected one of Main, DelayedAccrualPointCategory, ExternalTriggerBasedPointCategory, got object'));
  });
});

describe('SafeJsonObject', () => {
  it('copies a JSON object into fresh objects', () => {
    const source = { a: [1, { b: 'x' }], c: null };
    const r = SafeJsonObject.decode(source);
    expect(r).toEqual(E.right(source));
    expect(E.isRight(r) && r.right).not.toBe(source);
    expect(E.isRight(r) && (r.right.a as unknown[])[1]).not.toBe(source.a[1]);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s at any depth', (key) => {
    const json = JSON.parse(`{"a":{"b":[{"${key}":{"polluted":true}}]}}`) as unknown;
    expect(message(SafeJsonObject, json)).toBe(`the key ${key} is not allowed`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('takes JSON nested 16 objects deep and texts of the longest length, and refuses one level or one character more', () => {
    const nested = (levels: number): unknown => {
      let v: unknown = 1;
      for (let i = 0; i < levels; i++) v = { d: v };
      return v;
    };
    expect(message(SafeJsonObject, nested(16))).toBe('accepted');
    expect(message(SafeJsonObject, nested(17))).toBe('nested deeper than 16');
    expect(message(SafeJsonObject, { s: 'x'.repeat(limits.textLengthMax) })).toBe('accepted');
    expect(message(SafeJsonObject, { s: 'x'.repeat(limits.textLengthMax + 1) })).toBe('text too long');
  });

  it('refuses what is not a JSON object, too deep, too long or not finite', () => {
    expect(message(SafeJsonObject, [1])).toBe('expected an object');
    let deep: unknown = 1;
    for (let i = 0; i < 20; i++) deep = { d: deep };
    expect(message(SafeJsonObject, deep)).toBe('nested deeper than 16');
    expect(message(SafeJsonObject, { s: 'x'.repeat(limits.textLengthMax + 1) })).toBe('text too long');
    expect(message(SafeJsonObject, { n: Number.NaN })).toBe('not a finite number');
    expect(message(SafeJsonObject, { f: 10n })).toBe('not JSON');
  });
});
