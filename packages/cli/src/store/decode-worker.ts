/**
 * The worker thread of `readDecoded`: reads a history file, splits its lines, parses and decodes each
 * with Pointfold's engine, and posts them to the main thread in batches, packed (see `PackBuffer`), so
 * that the main thread only checks and folds. A line this thread cannot decode and pack (a bad line, a
 * line of a multi-event append, an event without packing) is posted as it was read: the main thread
 * then reads it as it reads any line, and says what is wrong with it. At most `batchesAhead` batches
 * wait in the main thread: the worker waits for it to take one before it posts another. It packs an
 * event only when its id is surely on no earlier line, as an event's id or as a lot's (`FreshIds`), and
 * says so in every batch (`freshIds`): the main thread then looks up neither the id nor the lot the
 * event creates under its own id (decisions 104 and 106).
 */
import * as fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import * as E from 'fp-ts/Either';
import { packBuffer } from '@pointfold/core';
import { createPointfoldEngine } from '../engine';
import { parseJsonLine, takeBatchMarker } from './history';
import { JsonlItem, JsonlSplitter, isInvalid, isTorn } from './jsonl';
import { FreshIds, forEachLotId } from './fresh-ids';
import { DecodedBatch, DecodeWorkerData, WorkerMessage, batchesAhead, batchLines } from './decoded';

const port = parentPort;
if (port === null) throw new Error('decode-worker runs in a worker thread');
const { file } = workerData as DecodeWorkerData;
const engine = createPointfoldEngine();

let credits = batchesAhead;
let wake: (() => void) | undefined;
port.on('message', () => {
  credits += 1;
  wake?.();
  wake = undefined;
});
const credit = async (): Promise<void> => {
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
  credits -= 1;
};

const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);

let buffer = packBuffer();
let order: number[] = [];
let items: JsonlItem[] = [];
let bytes = 0;

const flush = async (): Promise<void> => {
  if (order.length === 0 && bytes === 0) return;
  await credit();
  const nums = Float64Array.from(buffer.nums);
  const batch: DecodedBatch = { _tag: 'DecodedBatch', order: Int32Array.from(order), nums, strs: buffer.strs, items, bytes, freshIds: true };
  post({ batch }, [nums.buffer as ArrayBuffer, batch.order.buffer as ArrayBuffer]);
  buffer = packBuffer();
  order = [];
  items = [];
  bytes = 0;
};

/** The ids of the events on the lines read so far, packed or not, and the ids of the lots they name. */
const seen = new FreshIds();

const remember = (lotId: string): void => {
  seen.add(lotId);
};

/** The `id` an event's JSON names, if it is a text (as the codecs take it). */
const idOf = (event: unknown): string | undefined => {
  if (typeof event !== 'object' || event === null || !Object.prototype.hasOwnProperty.call(event, 'id')) return undefined;
  const id = (event as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
};

/**
 * Takes one item: packed when it is a line that decodes to an event with a packing and an id surely on
 * no earlier line, as read otherwise. Every id read is remembered, whether its line is packed or not,
 * and so is every lot id the line names (after its own id: an event may name a lot after itself).
 */
const take = (item: JsonlItem): void => {
  if (!isTorn(item) && !isInvalid(item)) {
    const json = parseJsonLine(item.text);
    const marked = E.isLeft(json) ? undefined : takeBatchMarker(json.right);
    if (marked !== undefined && E.isRight(marked)) {
      const id = idOf(marked.right.event);
      const fresh = id !== undefined && seen.add(id);
      // A line that names no lot has no `"lotId"` in its text, unless a key is written with an escape.
      if (item.text.includes('"lotId"') || item.text.includes('\\')) forEachLotId(marked.right.event, remember);
      if (fresh && marked.right.batch === undefined) {
        const decoded = engine.decodeEvent(marked.right.event);
        if (E.isRight(decoded) && decoded.right.id === id && engine.packEvent(decoded.right, buffer)) {
          order.push(item.lineNo);
          return;
        }
      }
    }
  }
  order.push(-(items.length + 1));
  items.push(item);
};

const run = async (): Promise<void> => {
  post({ eventTypes: engine.eventTypes });
  const splitter = new JsonlSplitter();
  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    for (const item of splitter.push(chunk)) {
      take(item);
      if (order.length >= batchLines) await flush();
    }
  }
  for (const item of splitter.end()) take(item);
  await flush();
  post({ done: true });
};

run().catch((e: unknown) => {
  const code = typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : undefined;
  post({ error: { message: e instanceof Error ? e.message : String(e), code } });
});
