/**
 * Crash consistency of the JSONL file store. A history written by the store is cut at every byte offset of
 * its last three events, as a crash during the write of its last appends would leave it: three appends of
 * one event each, one append of three events (batch markers), and one event then an append of two; and
 * generated histories of every module, whatever their last appends are. Each cut file is opened by the
 * store twice:
 *
 * - as `pointfold replay` reads it (no recovery): either it holds exactly its complete appends (a cut at a
 *   line's end, or just before the last newline) and opens with exactly those events, or it is refused at
 *   the first line of the append the cut is inside;
 * - as `pointfold serve` opens it (`recoverTorn`): it opens with exactly the events of its complete appends,
 *   says so when it cut something off (the line and what was removed), and the file is cut back to those
 *   appends; the append that was lost can then be appended again, and the file replays with it.
 *
 * Never a misread event: the state opened is, to the byte (canonical state), the fold of exactly the events
 * of the complete appends.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { AwardPoints, CommandBase, EventBase, Points, Timestamp } from '@pointfold/core';
import { IsTransferrable, TransferPoints } from '@pointfold/transfers';
import { FullWorld, canonicalState, kitClock, kitOtp, openFlags, testEpoch, worldSetup } from '@pointfold/testing';
import { JsonlFileStore, foldHistory, splitJsonl } from '@pointfold/cli';
import { Appends, arbAppends, spansOf, tempDir, writeThroughStore } from './histories';
import { engine, replayOrThrow, report, sized } from './world';

/** A small world, so that opening a file (a fold of all of it) costs little and the cuts are many. */
const world: FullWorld = {
  programs: [765],
  customers: ['c1', 'c2'],
  config: openFlags,
  groups: [{ groupId: 'g1', groupType: 'FLEET', primary: 'c1', members: [{ userId: 'c2', transfer: true }] }],
  startingPoints: { customers: '100', groups: '100' },
};

const generated = sized(2, 40);
/** Cut files opened at the same time (the store's work is mostly waiting on the file system). */
const parallel = 8;

/** The appends of a shape: the world's setup, a few commands, then the last three events as the shape says. */
const shapes = (): { readonly name: string; readonly appends: Appends }[] => {
  const setup = worldSetup(world);
  let state = replayOrThrow(setup);
  const clock = kitClock('k');
  let now: number = testEpoch;
  const run = (c: CommandBase): EventBase[] => {
    now += 60_000;
    const x = engine.execute(state, c, clock.at(now as Timestamp));
    if (E.isLeft(x)) throw new Error(`${c.type}: ${x.left.code} ${x.left.message}`);
    state = x.right.state;
    return [...x.right.events];
  };
  const award = (id: string, points: string): EventBase[] => {
    const c: AwardPoints = { type: 'AwardPoints', entity: { type: 'CUSTOMER', id }, points: Points.points(points), expiresAt: (now + 90 * 86_400_000) as Timestamp };
    return run(c);
  };
  const transfer = { points: '7', fromCustomerIdentifier: { type: 'ID', value: 'c1' }, toCustomerIdentifier: { type: 'ID', value: 'c2' } };
  const issue = (requestId?: string): EventBase[] => {
    const c: IsTransferrable = { type: 'IsTransferrable', ...transfer, issueOtp: true, ...(requestId === undefined ? {} : { requestId }) };
    return run(c);
  };
  const use = (requestId: string): EventBase[] => {
    const c: TransferPoints = { type: 'TransferPoints', ...transfer, code: kitOtp, requestId };
    return run(c);
  };
  const base: EventBase[][] = [...setup.map((e) => [e]), award('c1', '12.5'), award('c2', '3')];
  const snapshot = state;
  const singles = [...base, award('c1', '1'), award('c2', '2.25'), award('c1', '100')];
  state = snapshot;
  const issued = issue();
  const batchOfThree = [...base, issued, use('rq-1')];
  state = snapshot;
  const mixed = [...base, award('c2', '5'), issue('rq-2')];
  return [
    { name: 'three appends of one event', appends: singles },
    { name: 'one append of three events', appends: batchOfThree },
    { name: 'one event, then an append of two', appends: mixed },
  ];
};

const stats = { histories: 0, cuts: 0, opensRefusedAtTheLine: 0, opensWhole: 0, recovered: 0, recoveredNothingToCut: 0, reappended: 0, misread: 0 };

/** Checks every cut of a history's last three events; returns the shapes of the last appends it covered. */
const checkCuts = async (name: string, appends: Appends): Promise<void> => {
  const tmp = tempDir();
  try {
    const bytes = await writeThroughStore(path.join(tmp.dir, 'history.jsonl'), appends);
    const events = appends.flat();
    const spans = spansOf(bytes, appends);
    const reference = new Map<number, string>();
    const stateOf = (n: number): string => {
      const known = reference.get(n);
      if (known !== undefined) return known;
      const s = canonicalState(replayOrThrow(events.slice(0, n)));
      reference.set(n, s);
      return s;
    };
    // Where the last three events start: the cuts go from there to the whole file.
    let from = bytes.length;
    for (let i = 0; i < 3; i++) from = bytes.lastIndexOf(0x0a, from - 2) + 1;
    stats.histories++;
    const check = async (cut: number): Promise<void> => {
      const file = path.join(tmp.dir, `cut-${cut}.jsonl`);
      const cutBytes = bytes.subarray(0, cut);
      fs.writeFileSync(file, cutBytes);
      // The expectation from the spans alone: appends whose last line's JSON is all there are complete.
      const complete = spans.filter((s) => cut >= s.lastJsonEnd);
      const expected = complete.reduce((n, s) => n + s.lines, 0);
      const open = spans.find((s) => cut < s.lastJsonEnd && cut > s.start);
      const where = `${name}, cut at byte ${cut} of ${bytes.length}`;

      const plain = await JsonlFileStore.open(file, engine);
      if (open !== undefined) {
        const got = E.isLeft(plain) ? plain.left : { opened: plain.right.store.version };
        if (E.isRight(plain)) await plain.right.store.close();
        expect({ where, got: E.isLeft(plain) && plain.left._tag === 'HistoryError' ? { line: plain.left.line, torn: /^incomplete last (line|append)/.test(plain.left.reason) } : got }).toEqual({
          where,
          got: { line: open.firstLine, torn: true },
        });
        stats.opensRefusedAtTheLine++;
      } else {
        if (E.isLeft(plain)) throw new Error(`${where}: refused: ${plain.left.reason}`);
        const whole = { events: plain.right.store.version, same: canonicalState(plain.right.store.state) === stateOf(expected) };
        await plain.right.store.close();
        expect({ where, whole }).toEqual({ where, whole: { events: expected, same: true } });
        stats.opensWhole++;
      }

      const recovering = await JsonlFileStore.open(file, engine, { recoverTorn: true });
      if (E.isLeft(recovering)) throw new Error(`${where}: not recovered: ${recovering.left.reason}`);
      const { store, notice, recovered } = recovering.right;
      try {
        const same = canonicalState(store.state) === stateOf(expected);
        if (!same) stats.misread++;
        expect({ where, events: store.version, same, told: notice !== undefined, line: recovered?.lineNo }).toEqual({
          where,
          events: expected,
          same: true,
          told: open !== undefined,
          line: open?.firstLine,
        });
        if (open === undefined) {
          stats.recoveredNothingToCut++;
          return;
        }
        stats.recovered++;
        expect(notice).toMatch(new RegExp(`:${open.firstLine}: removed an incomplete last (line|append \\(\\d+ of ${open.lines} events\\))`));
        expect(fs.readFileSync(file).equals(bytes.subarray(0, open.start))).toBe(true);
        // What the crash lost can be appended again: the file then replays with it.
        const lost = appends[open.index] ?? [];
        const again = await store.append(store.version, lost);
        expect(E.isRight(again)).toBe(true);
        stats.reappended++;
      } finally {
        await store.close();
      }
      const after = await foldHistory(splitJsonl(fs.readFileSync(file)), engine);
      const n = expected + (appends[open.index]?.length ?? 0);
      expect({ where, after: E.isRight(after) && after.right.torn === undefined && canonicalState(after.right.state) === stateOf(n) }).toEqual({ where, after: true });
    };
    for (let cut = from; cut <= bytes.length; cut += parallel) {
      const batch: Promise<void>[] = [];
      for (let k = cut; k < cut + parallel && k <= bytes.length; k++) batch.push(check(k));
      await Promise.all(batch);
      for (let k = cut; k < cut + parallel && k <= bytes.length; k++) fs.rmSync(path.join(tmp.dir, `cut-${k}.jsonl`), { force: true });
      stats.cuts += batch.length;
    }
  } finally {
    tmp.remove();
  }
};

describe('a history cut at every byte offset of its last three events', () => {
  const started = Date.now();
  afterAll(() => report('crash', { ...stats, seconds: Math.round((Date.now() - started) / 100) / 10 }));

  it.each(shapes().map((s) => [s.name, s.appends] as const))('%s: opens with exactly its complete appends, or is refused at the cut append; recovery cuts it back and says so', async (name, appends) => {
    await checkCuts(name, appends);
    expect(stats.misread).toBe(0);
  }, 300_000);

  it('a generated history of every module, cut at every byte offset of its last three events, opens with exactly its complete appends or is refused at the cut append; recovery cuts it back and says so', async () => {
    await fc.assert(
      fc.asyncProperty(arbAppends(world, 12), async (appends) => {
        await checkCuts('generated', appends);
      }),
      { numRuns: generated },
    );
    expect(stats.misread).toBe(0);
  }, 600_000);
});
