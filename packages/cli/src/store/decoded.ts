/**
 * Reading a history with its decoding in a worker thread: the worker reads, splits, parses and
 * decodes (`decode-worker`), the main thread checks and folds (`foldHistory`), both at once. A history
 * is read the same either way, line for line: what the worker cannot decode reaches the main thread as
 * the line it read, and is read there as any line is. The worker decodes with Pointfold's engine
 * (`createPointfoldEngine`): fold its batches with an engine of the same modules.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { JsonlItem } from './jsonl';

/** Lines per batch the worker posts. */
export const batchLines = 1024;
/** Batches the worker may post before the main thread has taken them. */
export const batchesAhead = 4;
/**
 * The young generation of the decoding thread, in MiB: what it allocates dies young (parsed lines,
 * decoded events once packed), so a small one is enough, and it keeps the thread's memory small.
 */
export const decodeYoungGenerationMb = 12;

/**
 * A batch of a history's items, in the file's order. `order[i]` is a line number (> 0) for an event
 * packed into `nums` and `strs` (read them in order with `Replayer.pushPacked`), or `-(k + 1)` for the
 * item `items[k]`, as the splitter yielded it. `bytes`: how much of the file the batch read.
 * `freshIds`: every packed event's id is on no earlier line of the file (the worker checked, see
 * `FreshIds`), so the replayer need not look it up (decision 104).
 */
export interface DecodedBatch {
  readonly _tag: 'DecodedBatch';
  readonly order: Int32Array;
  readonly nums: Float64Array;
  readonly strs: readonly string[];
  readonly items: readonly JsonlItem[];
  readonly bytes: number;
  readonly freshIds: boolean;
}

/** True for a batch from the decoding worker. */
export const isDecodedBatch = (x: unknown): x is DecodedBatch => typeof x === 'object' && x !== null && (x as { _tag?: unknown })._tag === 'DecodedBatch';

/** What the main thread gives the worker. */
export interface DecodeWorkerData {
  readonly file: string;
}

/** What the worker posts: its engine's event types (first), batches, the end, or a failure. */
export type WorkerMessage =
  | { readonly eventTypes: readonly string[] }
  | { readonly batch: DecodedBatch }
  | { readonly done: true }
  | { readonly error: { readonly message: string; readonly code: string | undefined } };

/** The worker's script, next to this module once built (undefined when running from the TypeScript sources). */
export const defaultDecodeWorkerScript = (): string | undefined => {
  const script = path.join(__dirname, 'decode-worker.js');
  return fs.existsSync(script) ? script : undefined;
};

/** A failure the worker reported: a file system error keeps its code (ENOENT, EACCES, ...). */
class WorkerFailure extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/**
 * The batches of a history file, decoded in a worker thread running `script`. `eventTypes` are the
 * folding engine's: the worker's must be the same (else this throws: its batches would not unpack).
 * Stopping the iteration early stops the worker. A file system error is thrown with its code.
 * @example const script = defaultDecodeWorkerScript(); if (script !== undefined) for await (const batch of readDecoded(file, script, engine.eventTypes)) ...
 */
export async function* readDecoded(file: string, script: string, eventTypes: readonly string[]): AsyncGenerator<DecodedBatch> {
  const worker = new Worker(script, { workerData: { file } satisfies DecodeWorkerData, resourceLimits: { maxYoungGenerationSizeMb: decodeYoungGenerationMb } });
  const inbox: WorkerMessage[] = [];
  let failure: Error | undefined;
  let exited = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (m: WorkerMessage) => {
    inbox.push(m);
    notify();
  });
  worker.on('error', (e) => {
    failure = e;
    notify();
  });
  worker.on('exit', () => {
    exited = true;
    notify();
  });
  try {
    let typesChecked = false;
    for (;;) {
      const m = inbox.shift();
      if (m === undefined) {
        if (failure !== undefined) throw failure;
        if (exited) throw new Error('the decoding worker stopped before the end of the history');
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if ('error' in m) throw new WorkerFailure(m.error.message, m.error.code);
      if ('eventTypes' in m) {
        if (m.eventTypes.join() !== eventTypes.join()) throw new Error('the decoding worker knows other event types than the folding engine');
        typesChecked = true;
        continue;
      }
      if ('done' in m) return;
      if (!typesChecked) throw new Error('the decoding worker sent a batch before its event types');
      yield m.batch;
      worker.postMessage('more');
    }
  } finally {
    await worker.terminate();
  }
}
