/**
 * Hostile input for decoders: JSON whose objects carry `__proto__`, `constructor` and `prototype` as
 * their own keys at random depths (built by `JSON.parse`, as a service receives them), and valid
 * events spoiled one field at a time. Every decoder must answer these with a typed value, never throw,
 * and never change a prototype.
 */
import fc from 'fast-check';
import { Json } from '../codec';

/** Keys that change a prototype chain when an object is copied carelessly. */
export const prototypeKeys: readonly string[] = ['__proto__', 'constructor', 'prototype'];

export interface HostileJsonOptions {
  /** Keys to use besides random strings and the prototype keys (an event's field names, say). */
  readonly keys?: readonly string[];
  /** Leaves to use besides random JSON scalars (valid-looking amounts, times, ids). */
  readonly leaves?: readonly Json[];
  /** Deepest nesting (default 5). */
  readonly maxDepth?: number;
}

const scalarText = (leaves: readonly Json[]): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant('null'),
    fc.boolean().map(String),
    fc.integer().map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => JSON.stringify(x)),
    fc.constantFrom('1e21', '9007199254740993', '-0', '0.0001', '1E400'),
    fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
    ...(leaves.length === 0 ? [] : [fc.constantFrom(...leaves).map((x) => JSON.stringify(x))]),
  );

/**
 * The text of a JSON value whose objects use the prototype keys among others. Parse it with
 * `JSON.parse` to get those keys as own properties.
 */
export const arbHostileJsonText = (o: HostileJsonOptions = {}): fc.Arbitrary<string> => {
  const keys = o.keys ?? [];
  const key = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...prototypeKeys) },
    { weight: 2, arbitrary: fc.string({ maxLength: 8 }) },
    ...(keys.length === 0 ? [] : [{ weight: 3, arbitrary: fc.constantFrom(...keys) }]),
  );
  const scalar = scalarText(o.leaves ?? []);
  const { value } = fc.letrec<{ value: string; array: string; object: string }>((tie) => ({
    value: fc.oneof({ depthSize: 'small', maxDepth: o.maxDepth ?? 5 }, scalar, tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }).map((xs) => `[${xs.join(',')}]`),
    object: fc
      .array(fc.tuple(key, tie('value')), { maxLength: 6 })
      .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  }));
  return value;
};

/** A JSON value with the prototype keys as own properties at random depths (see `arbHostileJsonText`). */
export const arbHostileJson = (o: HostileJsonOptions = {}): fc.Arbitrary<unknown> =>
  arbHostileJsonText(o).map((text): unknown => JSON.parse(text));

/** Values near the edges of the engine's field codecs: ids, texts, times, amounts, program ids. */
export const edgeFieldValues: readonly Json[] = [
  '',
  'x',
  'x'.repeat(256),
  'x'.repeat(257),
  'x'.repeat(4097),
  '2026-03-01T10:00:00Z',
  '2026-03-01T10:00:00',
  '2026-03-01T10:00:00.123456+05:30',
  '2024-02-29T00:00:00Z',
  '2023-02-29T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '10',
  '10.5',
  '0.001',
  '0.0001',
  '0',
  '-5',
  '1e3',
  '1234567890123456',
  10,
  1.5,
  0,
  -1,
  2 ** 53 + 2,
  1e21,
  765,
  1414,
  'Main',
  'DelayedAccrualPointCategory',
  'CUSTOMER',
  'USERGROUP2',
  'SYSTEM',
  'EXPIRED',
  'ADJUSTED',
  'ACTIVE',
  'MERGED',
  true,
  false,
  null,
  [],
  {},
];

type Path = readonly (string | number)[];

const pathsOf = (v: Json, prefix: Path = []): Path[] => {
  if (v === null || typeof v !== 'object') return [];
  const out: Path[] = [];
  if (Array.isArray(v)) {
    (v as readonly Json[]).forEach((x, i) => out.push([...prefix, i], ...pathsOf(x, [...prefix, i])));
  } else {
    for (const [k, x] of Object.entries(v as Record<string, Json>)) out.push([...prefix, k], ...pathsOf(x, [...prefix, k]));
  }
  return out;
};

/** A spoiling of one place of a JSON value. */
export interface Spoil {
  readonly path: number;
  readonly how: 'drop' | 'replace' | 'addBeside';
  readonly key: string;
  readonly value: unknown;
}

// Own data properties only: assigning `__proto__` would change the prototype instead of adding a key.
const define = (o: object, k: string | number, value: unknown): void => {
  Object.defineProperty(o, k, { value, enumerable: true, writable: true, configurable: true });
};

const spoil = (sample: Json, paths: readonly Path[], spoils: readonly Spoil[]): unknown => {
  const root = JSON.parse(JSON.stringify(sample)) as unknown;
  for (const s of spoils) {
    const path = paths[s.path % Math.max(1, paths.length)];
    if (path === undefined || path.length === 0) continue;
    let parent: unknown = root;
    for (const step of path.slice(0, -1)) {
      parent = parent !== null && typeof parent === 'object' ? (parent as Record<string | number, unknown>)[step] : undefined;
    }
    if (parent === null || typeof parent !== 'object') continue;
    const last = path[path.length - 1] as string | number;
    if (s.how === 'drop') {
      if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
      else delete (parent as Record<string | number, unknown>)[last];
    } else if (s.how === 'replace') define(parent, last, s.value);
    else if (!Array.isArray(parent)) define(parent, s.key, s.value);
  }
  return root;
};

/**
 * A valid JSON value (an encoded event, say) with one to three places dropped, replaced by `values`,
 * or given a sibling key (a prototype key or one of `keys`).
 * @example fc.assert(fc.property(arbSpoiled(sampleEvent, arbHostileJson()), (u) => decodeNeverThrows(u)))
 */
export const arbSpoiled = (sample: Json, values: fc.Arbitrary<unknown>, keys: readonly string[] = []): fc.Arbitrary<unknown> => {
  const paths = pathsOf(sample);
  const spoilArb: fc.Arbitrary<Spoil> = fc.record({
    path: fc.nat(),
    how: fc.constantFrom<Spoil['how']>('drop', 'replace', 'replace', 'addBeside'),
    key: fc.constantFrom(...prototypeKeys, ...keys, 'unknownField'),
    value: values,
  });
  return fc.array(spoilArb, { minLength: 1, maxLength: 3 }).map((spoils) => spoil(sample, paths, spoils));
};
