/**
 * Hostile input to every codec. Every event type the whole engine registers (core, groups, transfers,
 * rewards) is decoded both ways (its io-ts `validate`, and the fast path the engine folds with), and so are
 * the HTTP layer's exported request codecs and the core's prototype-safe JSON object codec, on arbitrary
 * JSON values (fast-check's `jsonValue`: random keys, strings, numbers, nesting) and on JSON whose objects
 * carry `__proto__`, `constructor` and `prototype` as their own keys at random depths (made by `JSON.parse`,
 * as a server receives them), mixed with every event's field names and edge values, and with a registered
 * `type` so that the codecs read deep. Properties: no decoder throws; each answers a typed Left or Right; a
 * decoded event or safe object holds no prototype key and no odd prototype; `Object.prototype` is untouched.
 */
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import * as t from 'io-ts';
import { Json, SafeJsonObject, decodeFast, pathOf } from '@pointfold/core';
import { arbHostileJson, edgeFieldValues, prototypeKeys } from '@pointfold/testing';
import { AnyText, BoolLike, DateLike, IntLike, Raw, RawObject, TextLike, decodeRequest } from '@pointfold/http';
import { engine, report, sized } from './world';

const plainValues = sized(100_000, 100_000);
const hostileValues = sized(10_000, 100_000);

const definitions = engine.modules.flatMap((m) => m.events);

/**
 * A codec under test: its name, both ways of decoding with it, and how clean what it decodes must be:
 * `deep` (no prototype key anywhere: events, safe JSON), `top` (a fresh object of the listed keys whose
 * values are passed through as sent: `RawObject`), `none` (passed through as sent, by design: `Raw`).
 */
interface Codec {
  readonly name: string;
  readonly validate: (u: unknown) => t.Validation<unknown>;
  readonly fast: (u: unknown) => t.Validation<unknown>;
  readonly clean: 'deep' | 'top' | 'none';
}
const codec = <A, O>(name: string, c: t.Type<A, O, unknown>, clean: Codec['clean']): Codec => ({
  name,
  validate: (u) => c.decode(u),
  fast: (u) => decodeFast(c, u),
  clean,
});
const entityKeys = ['type', 'identifierType', 'identifierValue'];
const codecs: readonly Codec[] = [
  ...definitions.map((d) => codec(`event ${d.type}`, d.codec, 'deep')),
  codec('http IntLike', IntLike, 'deep'),
  codec('http TextLike', TextLike, 'deep'),
  codec('http AnyText', AnyText, 'deep'),
  codec('http BoolLike', BoolLike, 'deep'),
  codec('http DateLike', DateLike, 'deep'),
  codec('http Raw', Raw, 'none'),
  codec('http RawObject (an entity)', RawObject('entity', entityKeys), 'top'),
  codec('core SafeJsonObject', SafeJsonObject, 'deep'),
];

/** The field names of every event type, as their codecs report them missing from `{ type }`. */
const fieldNames = [
  ...new Set(
    definitions.flatMap((d) => {
      const r = d.codec.decode({ type: d.type });
      return E.isRight(r) ? [] : r.left.map((e) => pathOf(e.context).split('.')[0] ?? '').filter((p) => p !== '');
    }),
  ),
];

const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort().join(',');
const untouched = (): void => {
  const names = Object.getOwnPropertyNames(Object.prototype).sort().join(',');
  if (names !== prototypeNames) throw new Error(`Object.prototype changed: ${names}`);
  const fresh: Record<string, unknown> = {};
  if (fresh.polluted !== undefined || fresh.isAdmin !== undefined || Object.getPrototypeOf(fresh) !== Object.prototype) throw new Error('a fresh object is polluted');
};

/** Own keys that could change a prototype chain, and objects with an unusual prototype, anywhere in a value. */
const dangerousIn = (v: unknown, path = ''): string[] => {
  if (v === null || typeof v !== 'object') return [];
  const proto: unknown = Object.getPrototypeOf(v);
  const out = proto === Object.prototype || proto === Array.prototype ? [] : [`${path || '(root)'} has an unusual prototype`];
  for (const k of Object.keys(v)) {
    if (prototypeKeys.includes(k)) out.push(`${path}.${k}`);
    out.push(...dangerousIn((v as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return out;
};

/** For a `RawObject`: an object it made has only the listed keys, as own data properties of a plain object. */
const topLevelDangers = (v: unknown): string[] => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return [];
  const keys = Object.keys(v).filter((k) => !entityKeys.includes(k));
  return Object.getPrototypeOf(v) === Object.prototype ? keys : ['(root) has an unusual prototype', ...keys];
};

const stats = { values: 0, hostileValues: 0, decodes: 0, throws: 0, lefts: 0, rights: 0, codecs: codecs.length, eventTypes: definitions.length };

/** Every codec, both ways where it has a fast path, and the engine's own `decodeEvent`, answer `u` without throwing. */
const answersTyped = (u: unknown): void => {
  for (const c of codecs) {
    for (const [way, decode] of [
      ['validate', c.validate],
      ['fast path', c.fast],
    ] as const) {
      stats.decodes++;
      let r: t.Validation<unknown>;
      try {
        r = decode(u);
      } catch (e) {
        stats.throws++;
        throw new Error(`${c.name} (${way}) threw ${e instanceof Error ? e.message : String(e)}`);
      }
      if (E.isLeft(r)) {
        if (!Array.isArray(r.left) || r.left.length === 0) throw new Error(`${c.name} (${way}): a Left without errors`);
        stats.lefts++;
      } else if (E.isRight(r)) {
        stats.rights++;
        const dangerous = c.clean === 'deep' ? dangerousIn(r.right) : c.clean === 'top' ? topLevelDangers(r.right) : [];
        if (dangerous.length > 0) throw new Error(`${c.name} (${way}) decoded a value holding ${dangerous.join(', ')}`);
      } else throw new Error(`${c.name} (${way}): neither Left nor Right`);
    }
  }
  stats.decodes++;
  const d = engine.decodeEvent(u);
  if (E.isLeft(d) ? typeof d.left !== 'string' || d.left.length === 0 : !engine.eventTypes.includes(d.right.type)) throw new Error('decodeEvent: not a sentence nor an event');
  stats.decodes++;
  const q = decodeRequest(IntLike, u);
  if (E.isLeft(q) && typeof q.left !== 'string') throw new Error('decodeRequest: a Left that is not a sentence');
  untouched();
};

/** An object with a registered `type` (and a valid envelope half the time): the value's own fields, or the value under a known field. */
const typed = (value: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.tuple(fc.constantFrom(...engine.eventTypes), fc.boolean(), fc.constantFrom(...fieldNames), value).map(([type, envelope, field, v]): unknown => {
    const o: Record<string, unknown> = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { [field]: v };
    const define = (k: string, x: unknown): void => {
      Object.defineProperty(o, k, { value: x, enumerable: true, writable: true, configurable: true });
    };
    define('type', type);
    if (envelope) {
      define('id', 'e-1');
      define('at', '2026-03-01T10:00:00Z');
    }
    return o;
  });

describe('every codec on hostile input', () => {
  const started = Date.now();
  afterAll(() => {
    untouched();
    report('hostile', { ...stats, plainValues, hostileValues, seconds: Math.round((Date.now() - started) / 100) / 10 });
  });

  it('answers arbitrary JSON values with a typed Left or Right and never throws', () => {
    const plain = fc.oneof({ weight: 3, arbitrary: fc.jsonValue() }, { weight: 1, arbitrary: typed(fc.jsonValue({ maxDepth: 3 })) });
    fc.assert(
      fc.property(plain, (u) => {
        stats.values++;
        answersTyped(u);
      }),
      { numRuns: plainValues },
    );
    expect([stats.throws, stats.lefts > 0, stats.rights > 0]).toEqual([0, true, true]);
  }, 600_000);

  it('answers JSON with __proto__, constructor and prototype keys at random depths without throwing, decoding no prototype key, leaving Object.prototype untouched', () => {
    const hostile = arbHostileJson({ keys: fieldNames, leaves: [...edgeFieldValues, ...(engine.eventTypes as readonly Json[])] });
    const withProtoKeys = fc.oneof(hostile, typed(hostile));
    fc.assert(
      fc.property(withProtoKeys, (u) => {
        stats.hostileValues++;
        answersTyped(u);
      }),
      { numRuns: hostileValues },
    );
    expect(stats.throws).toBe(0);
  }, 600_000);
});
