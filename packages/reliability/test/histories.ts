/**
 * Histories as `pointfold serve` writes them: generated steps of every module run through the whole
 * engine, each command's events appended to a `JsonlFileStore` in one append (several events of one
 * command carry batch markers), half the commands with a request id (so that their record makes an
 * append of several events). Also temporary directories and a recorder of the command line's output.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { EventBase, Timestamp } from '@pointfold/core';
import { FullWorld, Step, arbSteps, commandsOf, kitClock, testEpoch, worldSetup } from '@pointfold/testing';
import { JsonlFileStore } from '@pointfold/cli';
import { engine, replayOrThrow } from './world';

/** The events of a history, grouped as they were appended (one group per command; the setup one event a group). */
export type Appends = readonly (readonly EventBase[])[];

/** Runs steps over a world one minute apart (plus advances); every accepted command's events are one append. */
export const appendsOf = (w: FullWorld, steps: readonly Step[]): EventBase[][] => {
  const setup = worldSetup(w);
  const appends: EventBase[][] = setup.map((e) => [e]);
  let state = replayOrThrow(setup);
  let now: number = testEpoch;
  let n = 0;
  const clock = kitClock('h');
  for (const st of steps) {
    now += 60_000 + (st.kind === 'advance' ? st.ms : 0);
    for (const c of commandsOf(w, state, st, now as Timestamp)) {
      n++;
      const x = engine.execute(state, n % 2 === 0 ? { ...c, requestId: `rq-${n}` } : c, clock.at(now as Timestamp));
      if (E.isLeft(x) || x.right.events.length === 0) continue;
      appends.push([...x.right.events]);
      state = x.right.state;
    }
  }
  return appends;
};

/** Generated appends over a world (steps of every module). */
export const arbAppends = (w: FullWorld, maxSteps: number): fc.Arbitrary<EventBase[][]> => arbSteps(w, { maxSteps }).map((steps) => appendsOf(w, steps));

/** A fresh temporary directory, and a function that removes it. */
export const tempDir = (): { readonly dir: string; readonly remove: () => void } => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pointfold-reliability-'));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
};

/** Writes appends to a new file through the JSONL file store, one `append` each; returns the file's bytes. */
export const writeThroughStore = async (file: string, appends: Appends): Promise<Buffer> => {
  const opened = await JsonlFileStore.open(file, engine);
  if (E.isLeft(opened)) throw new Error(`cannot open ${file}: ${opened.left._tag === 'HistoryError' ? opened.left.reason : opened.left.reason}`);
  const { store } = opened.right;
  try {
    for (const events of appends) {
      const r = await store.append(store.version, events);
      if (E.isLeft(r)) throw new Error(`append refused: ${r.left.code} ${r.left.message}`);
    }
  } finally {
    await store.close();
  }
  return fs.readFileSync(file);
};

/** Where each append's lines start and end in a file the store wrote (byte offsets; `end` is after its last newline). */
export interface AppendSpan {
  readonly index: number;
  readonly firstLine: number;
  readonly lines: number;
  readonly start: number;
  readonly end: number;
  /** Offset where its last line's JSON ends (before the newline). */
  readonly lastJsonEnd: number;
  readonly eventsBefore: number;
}

/** The spans of a file's appends, given the appends it was written with (the store writes one line per event). */
export const spansOf = (bytes: Buffer, appends: Appends): AppendSpan[] => {
  const out: AppendSpan[] = [];
  let offset = 0;
  let line = 1;
  let eventsBefore = 0;
  appends.forEach((events, index) => {
    const start = offset;
    for (let i = 0; i < events.length; i++) {
      const nl = bytes.indexOf(0x0a, offset);
      if (nl < 0) throw new Error(`the file ends inside append ${index}`);
      offset = nl + 1;
    }
    out.push({ index, firstLine: line, lines: events.length, start, end: offset, lastJsonEnd: offset - 1, eventsBefore });
    line += events.length;
    eventsBefore += events.length;
  });
  if (offset !== bytes.length) throw new Error(`the file has ${bytes.length - offset} bytes after its last append`);
  return out;
};

/** A command line io that keeps what is written to stdout and stderr (the command line tests' own). */
export { recorder } from '../../cli/test/recorder';
