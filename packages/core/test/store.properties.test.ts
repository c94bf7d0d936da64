/**
 * The store under generated logs appended in random batches, with stale writers and bad batches
 * in between: a stale append is refused with 9910, a batch with one bad event is refused whole, and
 * neither changes the log or the state (not even structures shared with the state).
 */
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { EventBase, InMemoryEventStore, Timestamp, coreEngine } from '@pointfold/core';
import { CoreStep, arbCoreStep, canonicalState, runCoreSteps, smallWorld } from '@pointfold/core/testing';
import { released } from './fixtures';

const engine = coreEngine;

type Attempt = { readonly kind: 'good' } | { readonly kind: 'stale'; readonly delta: number } | { readonly kind: 'bad'; readonly how: number; readonly at: number };

const readAll = async (store: InMemoryEventStore): Promise<EventBase[]> => {
  const out: EventBase[] = [];
  for await (const e of store.read()) out.push(e);
  return out;
};

/** A batch spoiled by one event: an id already in the log, a time that goes back, an unknown type or lot. */
const spoil = (log: readonly EventBase[], batch: readonly EventBase[], how: number, at: number): EventBase[] => {
  const j = at % batch.length;
  const e = batch[j] as EventBase;
  const previous = j > 0 ? batch[j - 1] : log[log.length - 1];
  const out = [...batch];
  switch (how % 4) {
    case 0:
      out[j] = { ...e, id: (log[at % log.length] as EventBase).id };
      break;
    case 1:
      out[j] = { ...e, at: ((previous?.at ?? e.at) - 1) as Timestamp };
      break;
    case 2:
      out.splice(j, 0, { type: 'PointsVanished', id: 'bad-type', at: e.at });
      break;
    default:
      out.splice(j, 0, released('bad-lot', e.at, 'no-such-lot'));
  }
  return out;
};

describe('InMemoryEventStore under stale writers and bad batches', () => {
  test('a stale append is refused (9910) and a refused batch appends nothing', async () => {
    const attempt: fc.Arbitrary<Attempt> = fc.oneof(
      { weight: 3, arbitrary: fc.constant({ kind: 'good' as const }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('stale' as const), delta: fc.integer({ min: -5, max: 5 }).filter((d) => d !== 0) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('bad' as const), how: fc.nat(), at: fc.nat() }) },
    );
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(arbCoreStep(smallWorld), { maxLength: 40, size: 'medium' }), fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1 }), fc.array(attempt, { maxLength: 30 }), async (ss: CoreStep[], sizes, attempts) => {
        const h = runCoreSteps(engine, smallWorld, ss);
        const store = new InMemoryEventStore(engine);
        let next = 0;
        let i = 0;
        while (next < h.events.length) {
          const batch = h.events.slice(next, next + (sizes[i % sizes.length] as number));
          const a = attempts[i % Math.max(1, attempts.length)] ?? { kind: 'good' };
          i++;
          if (a.kind !== 'good' && store.version > 0) {
            const [version, state, before] = [store.version, store.state, canonicalState(store.state)];
            const r = a.kind === 'stale' ? await store.append(Math.max(0, version + a.delta) === version ? version + 1 : Math.max(0, version + a.delta), batch) : await store.append(version, spoil(h.events.slice(0, next), batch, a.how, a.at));
            expect(E.isLeft(r)).toBe(true);
            if (E.isLeft(r)) expect(a.kind === 'stale' ? [9910] : [9901, 9902, 9909, 9903]).toContain(r.left.code);
            expect(store.version).toBe(version);
            expect(store.state).toBe(state);
            expect(canonicalState(store.state)).toBe(before);
            refused++;
          }
          const r = await store.append(store.version, batch);
          if (E.isLeft(r)) throw new Error(`a good batch was refused: ${r.left.code} ${r.left.message}`);
          next += batch.length;
        }
        expect(await readAll(store)).toEqual(h.events);
        expect(canonicalState(store.state)).toBe(canonicalState(h.state));
      }),
      { numRuns: 200 },
    );
    // Worth something only if stale writers and bad batches did come (about two in five attempts).
    expect(refused).toBeGreaterThan(200);
  });
});
