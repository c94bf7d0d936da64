/**
 * An event delivered twice is refused, never folded twice. Histories of every module are written by the
 * JSONL file store (one append per command, several events of one command with batch markers); then every
 * append is delivered a second time, at once and at the end of the file, and every event of an append of
 * several is delivered a second time on its own. Each such file is refused at the line of the second
 * delivery with 9901 naming the event, by the command line's fold (`foldHistory`), by `pointfold replay`
 * (exit status 2, nothing on stdout, `FILE:LINE: 9901: duplicate event id ID` on stderr) and by the JSONL
 * file store (`open`, with and without torn-write recovery, which must not "recover" a duplicate). An
 * append of events the store already holds is refused too, and writes nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { EventBase, InMemoryEventStore } from '@pointfold/core';
import { defaultWorld } from '@pointfold/testing';
import { JsonlFileStore, batchMember, createPointfoldEngine, foldHistory, runReplay, splitJsonl } from '@pointfold/cli';
import { arbAppends, recorder, spansOf, tempDir, writeThroughStore } from './histories';
import { engine, report, sized } from './world';

const numRuns = sized(6, 100);
const cliEngine = createPointfoldEngine();

const stats = { histories: 0, events: 0, batches: 0, duplicatedFiles: 0, refusedBy: { foldHistory: 0, replayCommand: 0, storeOpen: 0, storeOpenRecovering: 0 }, storeReappends: 0 };

/** A file with a second delivery of some lines: where it is, and the event it must be refused for. */
interface Duplicate {
  readonly what: string;
  readonly bytes: Buffer;
  readonly line: number;
  readonly eventId: string;
}

/** A line as a writer that knows no batches would deliver it: the event alone, without its marker. */
const alone = (bytes: Buffer, start: number, end: number): Buffer => {
  const json = JSON.parse(bytes.subarray(start, end).toString('utf8')) as Record<string, unknown>;
  const { [batchMember]: _marker, ...event } = json;
  return Buffer.from(`${JSON.stringify(event)}\n`, 'utf8');
};

/** Every append delivered again (at once, and at the end), and every event of a batch delivered again on its own. */
const duplicatesOf = (bytes: Buffer, appends: readonly (readonly EventBase[])[]): Duplicate[] => {
  const spans = spansOf(bytes, appends);
  const lines = spans.reduce((n, s) => n + s.lines, 0);
  const out: Duplicate[] = [];
  for (const s of spans) {
    const events = appends[s.index] ?? [];
    const first = events[0] as EventBase;
    const copy = bytes.subarray(s.start, s.end);
    const after = bytes.subarray(s.end);
    out.push({ what: `append ${s.index} again at once`, bytes: Buffer.concat([bytes.subarray(0, s.end), copy, after]), line: s.firstLine + s.lines, eventId: first.id });
    if (s.end < bytes.length) out.push({ what: `append ${s.index} again at the end`, bytes: Buffer.concat([bytes, copy]), line: lines + 1, eventId: first.id });
    if (events.length > 1) {
      let lineStart = s.start;
      events.forEach((e, k) => {
        const lineEnd = bytes.indexOf(0x0a, lineStart);
        const single = alone(bytes, lineStart, lineEnd);
        out.push({ what: `event ${k + 1} of append ${s.index} again on its own`, bytes: Buffer.concat([bytes.subarray(0, s.end), single, after]), line: s.firstLine + s.lines, eventId: e.id });
        out.push({ what: `event ${k + 1} of append ${s.index} again on its own at the end`, bytes: Buffer.concat([bytes, single]), line: lines + 1, eventId: e.id });
        lineStart = lineEnd + 1;
      });
    }
  }
  return out;
};

describe('an event delivered twice', () => {
  it('is refused at the line of its second delivery with 9901, by foldHistory, pointfold replay and the JSONL file store, and never folded twice', async () => {
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(arbAppends(defaultWorld, 30), async (appends) => {
        const tmp = tempDir();
        try {
          const file = path.join(tmp.dir, 'history.jsonl');
          const bytes = await writeThroughStore(file, appends);
          stats.histories++;
          stats.events += appends.reduce((n, a) => n + a.length, 0);
          stats.batches += appends.filter((a) => a.length > 1).length;
          const intact = await foldHistory(splitJsonl(bytes), engine);
          expect(E.isRight(intact) && intact.right.eventsRead).toBe(appends.reduce((n, a) => n + a.length, 0));
          const copy = path.join(tmp.dir, 'twice.jsonl');
          for (const d of duplicatesOf(bytes, appends)) {
            const reason = `9901: duplicate event id ${d.eventId}`;
            const where = { what: d.what, line: d.line, reason };
            const folded = await foldHistory(splitJsonl(d.bytes), engine);
            expect({ ...where, got: E.isLeft(folded) ? folded.left : `folded ${folded.right.eventsRead} events` }).toEqual({ ...where, got: { _tag: 'HistoryError', line: d.line, reason } });
            stats.refusedBy.foldHistory++;

            fs.writeFileSync(copy, d.bytes);
            const r = recorder();
            const status = await runReplay(copy, { json: true }, r.io, cliEngine);
            expect({ ...where, status, out: r.out(), err: r.err() }).toEqual({ ...where, status: 2, out: '', err: `${copy}:${d.line}: ${reason}\n` });
            stats.refusedBy.replayCommand++;

            for (const recoverTorn of [false, true]) {
              const opened = await JsonlFileStore.open(copy, engine, { recoverTorn });
              if (E.isRight(opened)) await opened.right.store.close();
              expect({ ...where, recoverTorn, got: E.isLeft(opened) ? opened.left : `opened with ${opened.right.store.version} events` }).toEqual({
                ...where,
                recoverTorn,
                got: { _tag: 'HistoryError', line: d.line, reason },
              });
              // Refused: the file is as it was (nothing cut off) and the lock is released.
              expect(fs.readFileSync(copy).equals(d.bytes)).toBe(true);
              expect(fs.existsSync(`${copy}.lock`)).toBe(false);
            }
            stats.refusedBy.storeOpen++;
            stats.refusedBy.storeOpenRecovering++;
            stats.duplicatedFiles++;
          }

          // A store that already holds the events refuses them again, and writes nothing.
          const opened = await JsonlFileStore.open(file, engine);
          if (E.isLeft(opened)) throw new Error(opened.left.reason);
          const { store } = opened.right;
          const memory = InMemoryEventStore.of(engine, appends.flat());
          if (E.isLeft(memory)) throw new Error(memory.left.message);
          try {
            for (const [k, events] of appends.entries()) {
              if (k % 7 !== 0 && k !== appends.length - 1) continue;
              const again = await store.append(store.version, events);
              expect(E.isLeft(again) ? again.left.code : 'appended').toBe(9901);
              const inMemory = await memory.right.append(memory.right.version, events);
              expect(E.isLeft(inMemory) ? inMemory.left.code : 'appended').toBe(9901);
              stats.storeReappends++;
            }
            expect(store.version).toBe(appends.reduce((n, a) => n + a.length, 0));
          } finally {
            await store.close();
          }
          expect(fs.readFileSync(file).equals(bytes)).toBe(true);
        } finally {
          tmp.remove();
        }
      }),
      { numRuns },
    );
    report('duplicates', { ...stats, seconds: Math.round((Date.now() - started) / 100) / 10 });
    expect(stats.batches).toBeGreaterThan(0);
  }, 600_000);
});
