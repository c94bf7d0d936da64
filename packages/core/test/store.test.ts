/**
 * The in-memory event store: appends at the expected version only (9910 otherwise), checks every
 * event against the state before anything is written, and keeps nothing of a refused batch.
 */
import * as E from 'fp-ts/Either';
import { EventBase, InMemoryEventStore, coreEngine } from '@pointfold/core';
import { canonicalState } from '@pointfold/core/testing';
import { awarded, minutes, released, world } from './fixtures';

const readAll = async (store: InMemoryEventStore, from?: number): Promise<EventBase[]> => {
  const out: EventBase[] = [];
  for await (const e of store.read(from)) out.push(e);
  return out;
};

const seeded = async (): Promise<InMemoryEventStore> => {
  const store = new InMemoryEventStore(coreEngine);
  const r = await store.append(0, world);
  if (E.isLeft(r)) throw new Error(r.left.message);
  return store;
};

describe('InMemoryEventStore', () => {
  it('starts empty, appends at the expected version, and reads the log back in order', async () => {
    const store = new InMemoryEventStore(coreEngine);
    expect(store.version).toBe(0);
    expect(store.state).toBe(coreEngine.initialState);
    const r = await store.append(0, world);
    expect(E.isRight(r) && r.right.version).toBe(world.length);
    expect(E.isRight(r) && r.right.state).toBe(store.state);
    const more = await store.append(world.length, [awarded('a1', minutes(1), 'c1', '10')]);
    expect(E.isRight(more) && more.right.version).toBe(world.length + 1);
    expect(await readAll(store)).toEqual([...world, awarded('a1', minutes(1), 'c1', '10')]);
    expect(await readAll(store, world.length)).toEqual([awarded('a1', minutes(1), 'c1', '10')]);
    expect(canonicalState(store.state)).toBe(canonicalState(coreEngine.fold([...world, awarded('a1', minutes(1), 'c1', '10')])));
  });

  it.each([0, 3, 8])('refuses an append that expects version %p when the log is at another (9910), and changes nothing', async (expected) => {
    const store = await seeded();
    const state = store.state;
    const before = canonicalState(state);
    const r = await store.append(expected, [awarded('a1', minutes(1), 'c1', '10')]);
    expect(r).toEqual(E.left(expect.objectContaining({ code: 9910, message: `expected version ${expected}, but the log is at version ${world.length}` })));
    expect(store.version).toBe(world.length);
    expect(store.state).toBe(state);
    expect(canonicalState(store.state)).toBe(before);
    expect(await readAll(store)).toEqual(world);
  });

  it('refuses a whole batch when one event fails its check, and appends nothing of it', async () => {
    const store = await seeded();
    const state = store.state;
    const before = canonicalState(state);
    const batch = [awarded('a1', minutes(1), 'c1', '10'), awarded('a2', minutes(2), 'c1', '5'), released('r1', minutes(3), 'a1')];
    expect(await store.append(world.length, batch)).toEqual(E.left(expect.objectContaining({ code: 9908 })));
    expect(await store.append(world.length, [awarded('a1', minutes(1), 'c1', '10'), awarded('a1', minutes(2), 'c1', '10')])).toEqual(E.left(expect.objectContaining({ code: 9901 })));
    expect(await store.append(world.length, [awarded('a1', minutes(1), 'nobody', '10')])).toEqual(E.left(expect.objectContaining({ code: 816 })));
    expect(store.version).toBe(world.length);
    expect(store.state).toBe(state);
    expect(canonicalState(store.state)).toBe(before);
    expect(await readAll(store)).toEqual(world);
    const ok = await store.append(world.length, batch.slice(0, 2));
    expect(E.isRight(ok) && ok.right.version).toBe(world.length + 2);
  });

  it('accepts an empty batch at the current version', async () => {
    const store = await seeded();
    expect(E.isRight(await store.append(world.length, []))).toBe(true);
    expect(store.version).toBe(world.length);
    expect(E.isLeft(await store.append(world.length + 1, []))).toBe(true);
  });

  it('is built from a log only when every event of it replays', () => {
    const good = InMemoryEventStore.of(coreEngine, world);
    expect(E.isRight(good) && good.right.version).toBe(world.length);
    expect(InMemoryEventStore.of(coreEngine, [...world, awarded('a1', minutes(1), 'nobody', '1')])).toEqual(E.left(expect.objectContaining({ code: 816 })));
  });
});
