/**
 * Decoders never throw and never touch a prototype. Every event codec of the engine is fed arbitrary
 * JSON with `__proto__`, `constructor` and `prototype` as own keys at random depths, arbitrary JS
 * values, and each registered event type's own shape with its fields spoiled: `decodeEvent` answers
 * each with a typed Left (a sentence) or Right (an event that writes back to itself).
 */
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { Json, JsonObject, coreEngine, pathOf } from '@pointfold/core';
import { arbHostileJson, arbSpoiled, edgeFieldValues, prototypeKeys } from '@pointfold/core/testing';
import { eventSamples } from './fixtures';

const engine = coreEngine;
const numRuns = 10_000;
const definitions = engine.modules.flatMap((m) => m.events);

/** The required fields of an event type, as its codec reports them missing from `{ type }`. */
const requiredFields = (type: string): string[] => {
  const def = definitions.find((d) => d.type === type);
  const r = def?.codec.decode({ type });
  return r === undefined || E.isRight(r) ? [] : r.left.map((e) => pathOf(e.context)).filter((p) => p !== '' && !p.includes('.'));
};

/** One JSON line of every registered type: the samples, or the required fields filled with a placeholder. */
const shapes: Record<string, JsonObject> = Object.fromEntries(
  engine.eventTypes.map((type): [string, JsonObject] => [
    type,
    eventSamples[type] ?? { type, id: 'e1', at: '2026-03-01T10:00:00Z', ...Object.fromEntries(requiredFields(type).filter((k) => !['type', 'id', 'at'].includes(k)).map((k) => [k, 'x'])) },
  ]),
);

const keysOf = (v: Json): string[] =>
  v === null || typeof v !== 'object' ? [] : Array.isArray(v) ? (v as readonly Json[]).flatMap(keysOf) : Object.entries(v).flatMap(([k, x]) => [k, ...keysOf(x)]);
const fieldNames = [...new Set(Object.values(shapes).flatMap(keysOf))];
const hostile = arbHostileJson({ keys: fieldNames, leaves: edgeFieldValues });

const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort().join(',');
/** Object.prototype has the same own properties as before, and a fresh object sees no new one. */
const untouched = (): void => {
  const names = Object.getOwnPropertyNames(Object.prototype).sort().join(',');
  if (names !== prototypeNames) throw new Error(`Object.prototype changed: ${names}`);
  if (({} as Record<string, unknown>).polluted !== undefined || Object.getPrototypeOf({}) !== Object.prototype) throw new Error('a fresh object is polluted');
};

/** Own keys that could change a prototype chain, anywhere in a decoded value. */
const dangerousKeysIn = (v: unknown, path = ''): string[] => {
  if (v === null || typeof v !== 'object') return [];
  const proto: unknown = Object.getPrototypeOf(v);
  const out = proto === Object.prototype || proto === Array.prototype ? [] : [`${path || '(root)'} has an unusual prototype`];
  for (const k of Object.keys(v)) {
    if (prototypeKeys.includes(k)) out.push(`${path}.${k}`);
    out.push(...dangerousKeysIn((v as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return out;
};

/**
 * What every decoder owes any input: a sentence, or an event of a known type without prototype keys
 * that writes back to itself. Plain checks that throw (10,000 runs a property), so a failure shows
 * the counterexample, its seed and path.
 */
const answersTyped = (u: unknown): void => {
  const r = engine.decodeEvent(u);
  if (r._tag === 'Left') {
    if (typeof r.left !== 'string' || r.left.length === 0) throw new Error(`a Left that is not a sentence: ${String(r.left)}`);
  } else if (r._tag === 'Right') {
    if (!engine.eventTypes.includes(r.right.type)) throw new Error(`decoded an unknown type ${r.right.type}`);
    const dangerous = dangerousKeysIn(r.right);
    if (dangerous.length > 0) throw new Error(`decoded event holds ${dangerous.join(', ')}`);
    expect(engine.decodeEvent(JSON.parse(JSON.stringify(engine.encodeEvent(r.right))))).toEqual(E.right(r.right));
  } else {
    throw new Error('neither Left nor Right');
  }
  // The engine decodes through each codec's fast path: it must agree with the codec's own validate.
  const type = u !== null && typeof u === 'object' && !Array.isArray(u) ? (u as { type?: unknown }).type : undefined;
  const def = typeof type === 'string' ? definitions.find((d) => d.type === type) : undefined;
  if (def !== undefined) {
    const slow = def.codec.decode(u);
    if (slow._tag !== r._tag) throw new Error(`decodeEvent says ${r._tag}, the ${def.type} codec's validate says ${slow._tag}`);
    if (E.isRight(slow)) expect(r).toEqual(slow);
  }
  untouched();
};

/** An object with a registered `type`: the hostile value's fields, or the value under a known field. */
const withType = fc.tuple(fc.constantFrom(...engine.eventTypes), hostile).map(([type, v]): unknown => {
  const o: Record<string, unknown> = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  Object.defineProperty(o, 'type', { value: type, enumerable: true, writable: true, configurable: true });
  return o;
});

describe('decodeEvent on hostile input', () => {
  afterAll(untouched);

  it('has a shape for every registered event type, and each decodes', () => {
    untouched();
    for (const [type, shape] of Object.entries(shapes)) {
      if (eventSamples[type] !== undefined) expect([type, E.isRight(engine.decodeEvent(shape))]).toEqual([type, true]);
    }
    // Types without a sample get their shape from the fields their codec reports missing.
    expect(requiredFields('PointsAwarded')).toEqual(['id', 'at', 'entity', 'programId', 'pointsCategory', 'points']);
  });

  test('every codec answers 10,000 arbitrary JSON values (prototype keys at random depths) with a typed Left or Right and never throws', () => {
    fc.assert(fc.property(fc.oneof(hostile, withType, fc.jsonValue()), answersTyped), { numRuns });
  });

  test('every codec answers 10,000 arbitrary JS values (null prototypes, boxed values, sparse arrays, bigints) with a typed Left or Right', () => {
    const anything = fc.anything({
      key: fc.oneof(fc.string(), fc.constantFrom(...prototypeKeys, ...fieldNames)),
      withBigInt: true,
      withBoxedValues: true,
      withNullPrototype: true,
      withSparseArray: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
    });
    const typed = fc.tuple(fc.constantFrom(...engine.eventTypes), fc.dictionary(fc.constantFrom(...fieldNames), anything)).map(([type, o]) => ({ ...o, type }));
    fc.assert(fc.property(fc.oneof(anything, typed), answersTyped), { numRuns });
  });

  test("every registered event type's shape, with random field values, is answered with a typed Left or Right", () => {
    const values = fc.oneof(hostile, fc.constantFrom(...edgeFieldValues), fc.jsonValue({ maxDepth: 2 }));
    const spoiled = fc.constantFrom(...Object.keys(shapes)).chain((type) => arbSpoiled(shapes[type] as JsonObject, values, fieldNames));
    fc.assert(fc.property(spoiled, answersTyped), { numRuns });
  });
});
