/**
 * Replay with its decoding in a worker thread (`replayFile`'s `decodeWorker`, what the built `pointfold`
 * does) reads every history exactly as the replay in one thread does: the same state, or the same
 * first bad line for the same reason. Histories are generated over every module, then damaged.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { FoldedHistory, JsonlFileStore, batchLines, batchMarker, batchesAhead, createPointfoldEngine, readDecoded, replayFile } from '@pointfold/cli';
import { EventBase } from '@pointfold/core';
import { arbHistory, canonicalState, toJsonl } from '@pointfold/testing';
import { buildCli, root } from './build';
import { EventJson, award, customer, program, tempDir, toJsonl as jsonlOf } from './fixtures';

const engine = createPointfoldEngine();
const decodeWorker = path.join(root, 'packages', 'cli', 'dist', 'store', 'decode-worker.js');
const numRuns = 200;

beforeAll(() => buildCli(), 240_000);

/** What a replay gave, in a form to compare: the state (canonical) and count, or the refusal. */
const outcome = (r: Awaited<ReturnType<typeof replayFile>>): unknown =>
  E.isLeft(r) ? r.left : { eventsRead: r.right.eventsRead, torn: r.right.torn, stopped: r.right.stopped, state: canonicalState(r.right.state) };

/** Ways a history file is damaged or written: each keeps most lines good, so the fold gets far. */
type Damage =
  | { readonly kind: 'none' }
  | { readonly kind: 'garbage'; readonly at: number; readonly text: string }
  | { readonly kind: 'swap'; readonly at: number }
  | { readonly kind: 'cut'; readonly bytes: number }
  | { readonly kind: 'append'; readonly at: number; readonly size: number }
  | { readonly kind: 'escape'; readonly at: number }
  | { readonly kind: 'repeat'; readonly at: number; readonly later: number; readonly appended: boolean }
  | { readonly kind: 'lotName'; readonly at: number; readonly later: number; readonly escaped: boolean };

const arbDamage: fc.Arbitrary<Damage> = fc.oneof(
  fc.constant<Damage>({ kind: 'none' }),
  fc.record({ kind: fc.constant('garbage' as const), at: fc.nat(), text: fc.oneof(fc.string(), fc.json(), fc.constant('{"type":"PointsAwarded"}')) }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('cut' as const), bytes: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('append' as const), at: fc.nat(), size: fc.integer({ min: 2, max: 4 }) }),
  fc.record({ kind: fc.constant('escape' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), later: fc.integer({ min: 1, max: 30 }), appended: fc.boolean() }),
  fc.record({ kind: fc.constant('lotName' as const), at: fc.nat(), later: fc.integer({ min: 1, max: 30 }), escaped: fc.boolean() }),
);

/** The lot ids a line names under a `lotId` key (its postings', a released lot, a reversal's lots). */
const lotIdsIn = (line: string): string[] => [...line.matchAll(/"lotId":("(?:[^"\\]|\\.)*")/g)].map((m) => JSON.parse(m[1] as string) as string);

/** The lines of a history with the damage done. */
const damaged = (lines: readonly string[], d: Damage): string => {
  const out = lines.slice();
  const i = out.length === 0 ? 0 : ('at' in d ? d.at : 0) % out.length;
  switch (d.kind) {
    case 'garbage':
      out.splice(i, 0, d.text.replace(/\n/g, ' '));
      break;
    case 'swap':
      if (i + 1 < out.length) [out[i], out[i + 1]] = [out[i + 1] as string, out[i] as string];
      break;
    case 'append':
      // Lines written by one append of several events carry the store's batch marker (and are read apart).
      for (let k = 0; k < d.size && i + k < out.length; k++) {
        const json = JSON.parse(out[i + k] as string) as Record<string, unknown>;
        out[i + k] = JSON.stringify({ ...json, batch: batchMarker(k, d.size) });
      }
      break;
    case 'repeat': {
      // A later line takes the id of line i (which may be the first line of an append: the worker reads its id all the same).
      const j = i + d.later;
      if (j >= out.length) break;
      const first = JSON.parse(out[i] as string) as Record<string, unknown>;
      out[j] = JSON.stringify({ ...(JSON.parse(out[j] as string) as object), id: first.id });
      if (d.appended && i + 1 < j) for (let k = 0; k < 2; k++) out[i + k] = JSON.stringify({ ...(JSON.parse(out[i + k] as string) as object), batch: batchMarker(k, 2) });
      break;
    }
    case 'lotName': {
      // An award after a line that names a lot (one it moves or creates) takes that lot's id as its own: it
      // then creates a lot that exists (or credits it), which the decoding worker must not vouch for as new.
      const naming = out.flatMap((l, k) => lotIdsIn(l).map((lotId) => [k, lotId] as const));
      const [k, named] = naming[(d.at + d.later) % Math.max(1, naming.length)] ?? [0, undefined];
      const awards = out.flatMap((l, j) => (j > k && l.includes('"type":"PointsAwarded"') ? [j] : []));
      const j = awards[d.later % Math.max(1, awards.length)];
      if (named === undefined || j === undefined) break;
      out[j] = JSON.stringify({ ...(JSON.parse(out[j] as string) as object), id: named });
      // The naming line may write its key with an escape: the same JSON, another text.
      if (d.escaped) out[k] = (out[k] ?? '').replace(/"lotId":/g, '"lot\\u0049d":');
      break;
    }
    case 'escape':
      // The same event with its id written with an escape: the same JSON value, another text.
      out[i] = (out[i] ?? '').replace('"id":"', '"id":"\\u0041');
      break;
    default:
      break;
  }
  const text = out.map((l) => `${l}\n`).join('');
  return d.kind === 'cut' ? text.slice(0, Math.max(0, text.length - d.bytes)) : text;
};

/** The events of one generated history (a fixed seed: the same history every run). */
const sampleEvents = (seed: number, maxSteps: number): readonly EventBase[] => fc.sample(arbHistory({ maxSteps }), { numRuns: 1, seed })[0]?.events ?? [];

/** Writes a generated history to `file`; its events. */
const writeSample = (file: string, seed: number): readonly EventBase[] => {
  const events = sampleEvents(seed, 40);
  fs.writeFileSync(file, toJsonl(engine, events));
  return events;
};

describe('replay with a decoding worker thread', () => {
  it('folds every history, damaged or not, to the same state or the same first bad line as the replay in one thread', async () => {
    const tmp = tempDir();
    const seen = { accepted: 0, refused: 0 };
    try {
      const file = path.join(tmp.dir, 'h.jsonl');
      await fc.assert(
        fc.asyncProperty(arbHistory({ maxSteps: 25 }), arbDamage, async (h, d) => {
          fs.writeFileSync(file, damaged(toJsonl(engine, h.events).split('\n').slice(0, -1), d));
          const inThread = outcome(await replayFile(file, engine));
          expect(outcome(await replayFile(file, engine, undefined, { decodeWorker }))).toEqual(inThread);
          if ((inThread as { _tag?: string })._tag === undefined) seen.accepted++;
          else seen.refused++;
        }),
        { numRuns },
      );
    } finally {
      tmp.remove();
    }
    // Both kinds were compared, not only one.
    expect(seen.accepted).toBeGreaterThan(numRuns / 10);
    expect(seen.refused).toBeGreaterThan(numRuns / 10);
  }, 240_000);

  it('stops where the reader stops it (the worker with it), with the state up to there', async () => {
    const tmp = tempDir();
    try {
      const file = path.join(tmp.dir, 'h.jsonl');
      const events = writeSample(file, 7);
      const stopAt = Math.floor(events.length / 2);
      const stopped = async (options: { decodeWorker?: string }): Promise<FoldedHistory> => {
        let n = 0;
        const r = await replayFile(file, engine, undefined, { ...options, onEvent: () => ++n < stopAt });
        if (E.isLeft(r)) throw new Error(`refused: ${JSON.stringify(r.left)}`);
        return r.right;
      };
      const inWorker = await stopped({ decodeWorker });
      expect(inWorker.eventsRead).toBe(stopAt);
      expect(inWorker.stopped).toBe(true);
      expect(canonicalState(inWorker.state)).toBe(canonicalState((await stopped({})).state));
    } finally {
      tmp.remove();
    }
  });

  it.each([
    ['a torn last line', (lines: string[]): string => `${lines.join('\n')}\n{"type":"PointsAw`],
    ['a torn last append', (lines: string[]): string => `${lines.slice(0, -2).join('\n')}\n${[lines.at(-2), lines.at(-1)].map((l, k) => JSON.stringify({ ...(JSON.parse(l ?? '{}') as object), batch: batchMarker(k, 3) })).join('\n')}\n`],
  ])('the file store opens a history with %s the same way with a decoding worker: same events, same repair', async (_name, write) => {
    const tmp = tempDir();
    try {
      const text = write(toJsonl(engine, sampleEvents(3, 30)).split('\n').slice(0, -1));
      const opened = async (options: { decodeWorker?: string }): Promise<unknown> => {
        const file = path.join(tmp.dir, `h${options.decodeWorker === undefined ? 1 : 2}.jsonl`);
        fs.writeFileSync(file, text);
        const r = await JsonlFileStore.open(file, engine, { recoverTorn: true, ...options });
        if (E.isLeft(r)) return r.left;
        await r.right.store.close();
        return { recovered: r.right.recovered, state: canonicalState(r.right.store.state), size: fs.statSync(file).size };
      };
      const inWorker = await opened({ decodeWorker });
      expect(inWorker).toEqual(await opened({}));
      expect((inWorker as { recovered?: unknown }).recovered).toBeDefined();
    } finally {
      tmp.remove();
    }
  });

  it('refuses a batch marker nested thousands deep at its line, shown by its kind, with or without the worker, and so does the store', async () => {
    // JSON.parse takes an array nested 20,000 deep; JSON.stringify of it overflows the stack, so the
    // reason names its kind. The line is written by hand: JSON.stringify could not write it either.
    const tmp = tempDir();
    try {
      const file = path.join(tmp.dir, 'h.jsonl');
      const lines = toJsonl(engine, sampleEvents(3, 40)).split('\n').filter((l) => l.length > 0);
      const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
      const marked = (line: string): string => `${line.slice(0, -1)},"batch":${deep}}`;
      fs.writeFileSync(file, [...lines.slice(0, 5), marked(lines[5] as string), ...lines.slice(6)].join('\n') + '\n');
      const reason = 'batch: expected "K/N" with 1 <= K <= N and N >= 2, got an array';
      const refusal = (r: Awaited<ReturnType<typeof replayFile>>) => (E.isLeft(r) ? r.left : r.right);
      expect(refusal(await replayFile(file, engine))).toMatchObject({ line: 6, reason });
      expect(refusal(await replayFile(file, engine, undefined, { decodeWorker }))).toMatchObject({ line: 6, reason });
      const opened = await JsonlFileStore.open(file, engine);
      expect(E.isLeft(opened) ? opened.left : 'opened').toMatchObject({ line: 6, reason });
      // A bad line before it is the one reported (the worker reads ahead, and must not fail first).
      fs.writeFileSync(file, ['{"type":"NoSuchEvent","id":"e1","at":"2026-01-01T00:00:00Z"}', `{"batch":${deep}}`].join('\n') + '\n');
      expect(refusal(await replayFile(file, engine, undefined, { decodeWorker }))).toMatchObject({ line: 1, reason: 'type: unknown event type "NoSuchEvent"' });
    } finally {
      tmp.remove();
    }
  });

  it('refuses a line the worker packed inside an append at that line, as the replay in one thread does', async () => {
    const tmp = tempDir();
    try {
      const file = path.join(tmp.dir, 'h.jsonl');
      const at = '2026-03-02T10:00:00Z';
      const marked = (e: EventJson, marker: string): EventJson => ({ ...e, batch: marker });
      const events = [program('p1', '2026-03-01T09:00:00Z'), customer('u1', '2026-03-01T09:30:00Z', 'c1'), marked(award('a1', at, 'c1', '1'), '1/2'), award('a2', at, 'c1', '2'), marked(award('a3', at, 'c1', '3'), '2/2')];
      fs.writeFileSync(file, jsonlOf(events));
      const refusal = { _tag: 'HistoryError', line: 4, reason: 'the append that starts at line 3 is interrupted (1 of 2 events)' };
      expect(await replayFile(file, engine, undefined, { decodeWorker })).toEqual(E.left(refusal));
      expect(await replayFile(file, engine)).toEqual(E.left(refusal));
    } finally {
      tmp.remove();
    }
  });

  it('reads a history of more batches than may wait for the folding thread at once, to its last event', async () => {
    const tmp = tempDir();
    try {
      const file = path.join(tmp.dir, 'h.jsonl');
      const awards = Array.from({ length: batchesAhead * batchLines + 1 }, (_, i) => award(`a${i}`, '2026-03-02T10:00:00Z', 'c1', '1'));
      const events = [program('p1', '2026-03-01T09:00:00Z'), customer('u1', '2026-03-01T09:30:00Z', 'c1'), ...awards];
      fs.writeFileSync(file, jsonlOf(events));
      const r = await replayFile(file, engine, undefined, { decodeWorker });
      expect(E.isRight(r) && r.right.eventsRead).toBe(events.length);
    } finally {
      tmp.remove();
    }
  }, 60_000);

  it('remembers the lots a line names under a key written with an escape: an award named after a received lot is refused with the worker too', async () => {
    // The first generated history with a transfer (its second posting creates a lot at the receiver) and an award after it.
    const withTransfer = (seed: number): readonly string[] => toJsonl(engine, sampleEvents(seed, 40)).split('\n').filter((l) => l.length > 0);
    const seed = Array.from({ length: 50 }, (_, k) => k + 1).find((n) => /"type":"PointsTransferred"[^]*"type":"PointsAwarded"/.test(withTransfer(n).join('\n')));
    const lines = [...withTransfer(seed ?? 0)];
    const k = lines.findIndex((l) => l.includes('"type":"PointsTransferred"'));
    const j = lines.findIndex((l, i) => i > k && l.includes('"type":"PointsAwarded"'));
    const received = (JSON.parse(lines[k] as string) as { postings: { lotId: string }[] }).postings[1]?.lotId;
    lines[j] = JSON.stringify({ ...(JSON.parse(lines[j] as string) as object), id: received });
    lines[k] = (lines[k] as string).replace(/"lotId":/g, '"lot\\u0049d":');
    const tmp = tempDir();
    try {
      const file = path.join(tmp.dir, 'h.jsonl');
      fs.writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
      const inThread = outcome(await replayFile(file, engine));
      expect([seed !== undefined, (inThread as { line?: number }).line]).toEqual([true, j + 1]);
      expect(outcome(await replayFile(file, engine, undefined, { decodeWorker }))).toEqual(inThread);
    } finally {
      tmp.remove();
    }
  });

  it('tells how many bytes it read, in all', async () => {
    const tmp = tempDir();
    try {
      const file = path.join(tmp.dir, 'h.jsonl');
      const events = writeSample(file, 11);
      let bytes = 0;
      const r = await replayFile(file, engine, (n) => (bytes += n), { decodeWorker });
      expect(E.isRight(r) && r.right.eventsRead).toBe(events.length);
      expect(bytes).toBe(fs.statSync(file).size);
      // Blank lines hold no event: their bytes are told all the same.
      const blank = '\n  \n\n';
      fs.writeFileSync(file, blank);
      bytes = 0;
      expect(await replayFile(file, engine, (n) => (bytes += n), { decodeWorker })).toEqual(E.right(expect.objectContaining({ eventsRead: 0 })));
      expect(bytes).toBe(blank.length);
    } finally {
      tmp.remove();
    }
  });

  it('refuses a worker whose event types are not the folding engine\'s, even as many in another order', async () => {
    const tmp = tempDir();
    try {
      const file = path.join(tmp.dir, 'h.jsonl');
      writeSample(file, 11);
      await expect(readDecoded(file, decodeWorker, [...engine.eventTypes].reverse()).next()).rejects.toThrow('the decoding worker knows other event types than the folding engine');
    } finally {
      tmp.remove();
    }
  });
});
