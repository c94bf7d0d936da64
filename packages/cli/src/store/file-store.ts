/**
 * The append-only JSONL event store: one organisation's log in one file, one event a line. Opening
 * replays the whole file through the engine (a bad line refuses it; a torn last line is refused or,
 * when asked, cut off), and each append is checked against the folded state before one write and an
 * fsync, so the file always replays to the state the store reports. A lock file keeps one writer.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { AppendResult, DomainError, Engine, EventBase, EventStore, OrgState, checkAppend, settleState } from '@pointfold/core';
import { FoldedHistory, HistoryError, batchMarker, batchMember, describeRefusal, foldHistory, parseJsonLine, takeBatchMarker, tornError } from './history';
import { JsonlItem, isInvalid, isTorn, readJsonl, readJsonlBatches } from './jsonl';
import { readDecoded } from './decoded';

/** A store that could not be opened for a reason other than a bad line (lock held, I/O error). */
export interface StoreError {
  readonly _tag: 'StoreError';
  readonly reason: string;
}

/** Why `JsonlFileStore.open` refused: a bad line of the history, or the file or its lock. */
export type OpenError = HistoryError | StoreError;

/** Builds a StoreError. */
export const storeError = (reason: string): StoreError => ({ _tag: 'StoreError', reason });

/** Thrown by `append` when the events could not be written durably (the file is rolled back first). */
export class StoreWriteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreWriteError';
  }
}

/**
 * The file operations the store needs, so that tests (and other media) can stand in for the disk.
 * `nodeAppendFile` is the real one.
 */
export interface AppendFile {
  /** The file's size in bytes. */
  size(): Promise<number>;
  /** Up to `length` bytes at `position`. */
  readAt(position: number, length: number): Promise<Uint8Array>;
  /** Writes all the bytes at the end of the file (one write; a short write is continued). */
  append(bytes: Uint8Array): Promise<void>;
  /** Makes what was written durable (fsync). */
  sync(): Promise<void>;
  /** Cuts the file to `size` bytes. */
  truncate(size: number): Promise<void>;
  close(): Promise<void>;
  /**
   * Whether the name the file was opened by still names it: false once it was removed, or another
   * file was renamed over it (decision 116). A medium without names may leave it out.
   */
  stillNamed?(): Promise<boolean>;
}

/** Opens (creating if missing) a file for appending through a node file handle. */
export const nodeAppendFile = async (file: string): Promise<AppendFile> => {
  // 'a+': reads anywhere, and every write goes to the end of the file (O_APPEND).
  const h = await fs.promises.open(file, 'a+');
  return {
    size: async () => (await h.stat()).size,
    readAt: async (position, length) => {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await h.read(buf, 0, length, position);
      return buf.subarray(0, bytesRead);
    },
    append: async (bytes) => {
      let done = 0;
      while (done < bytes.length) {
        const { bytesWritten } = await h.write(bytes, done, bytes.length - done, null);
        done += bytesWritten;
      }
    },
    sync: () => h.sync(),
    truncate: (size) => h.truncate(size),
    close: () => h.close(),
    stillNamed: async () => {
      const [opened, named] = await Promise.all([h.stat({ bigint: true }), fs.promises.stat(file, { bigint: true }).catch((e: unknown) => (errorCode(e) === 'ENOENT' ? undefined : Promise.reject(e)))]);
      return named !== undefined && named.dev === opened.dev && named.ino === opened.ino;
    },
  };
};

/** How to open a store. */
export interface OpenOptions {
  /**
   * Cut off a torn last line (an append that did not finish) instead of refusing the file.
   * Default false: `pointfold serve` asks for it, a replay never does.
   */
  readonly recoverTorn?: boolean;
  /** How to open the file itself (default `nodeAppendFile`). */
  readonly openFile?: (file: string) => Promise<AppendFile>;
  /**
   * Decode the history in a worker thread running this script while this thread folds it (see
   * `readDecoded`; `pointfold serve` passes `defaultDecodeWorkerScript()`). Only for an engine of
   * Pointfold's modules (`createPointfoldEngine`), which the worker decodes with.
   */
  readonly decodeWorker?: string;
}

/** An opened store, and what opening it had to repair. */
export interface OpenedStore {
  readonly store: JsonlFileStore;
  /** The torn last line that was cut off, if any. */
  readonly recovered?: { readonly lineNo: number; readonly bytes: number };
  /** A sentence saying what was repaired, for the user (absent when nothing was). */
  readonly notice?: string;
}

const errorCode = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : undefined;

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** True when a process with this pid exists (EPERM: it exists but belongs to another user). */
const processAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errorCode(e) === 'EPERM';
  }
};

/** The pid a lock file names, undefined when it names none; ENOENT when the file is gone. */
const lockHolder = (lockPath: string): E.Either<StoreError | 'ENOENT', number | undefined> => {
  try {
    const text = fs.readFileSync(lockPath, 'utf8').trim();
    return E.right(/^\d+$/.test(text) ? Number(text) : undefined);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return E.left('ENOENT');
    return E.left(storeError(`cannot read the lock file ${lockPath}: ${messageOf(e)}`));
  }
};

/** How old a break file may be before it is taken for one left behind (replacing a lock takes milliseconds). */
const breakLockStaleMs = 10_000;

/** The age of a file in milliseconds (by its modification time), undefined when it cannot be read. */
const ageMs = (file: string): number | undefined => {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
};

/**
 * Removes the stale lock of the dead process `pid`. Only the holder of `FILE.lock.break` (created
 * exclusively) removes a stale lock, and only after reading again, under it, that the lock still names
 * `pid`: two openers that found the same stale lock cannot both remove it, nor one remove the lock the
 * other has just taken in its place (decision 116).
 */
const breakStaleLock = (lockPath: string, pid: number): E.Either<StoreError, void> => {
  const breakPath = `${lockPath}.break`;
  try {
    fs.writeFileSync(breakPath, `${process.pid}\n`, { flag: 'wx' });
  } catch (e) {
    if (errorCode(e) !== 'EEXIST') return E.left(storeError(`cannot create ${breakPath}: ${messageOf(e)}`));
    const breaker = lockHolder(breakPath);
    const by = E.isRight(breaker) && breaker.right !== undefined ? breaker.right : undefined;
    const left = (why: string) => E.left(storeError(`${breakPath} ${why}: remove it (and ${lockPath}) if no pointfold process uses the history`));
    if (by !== undefined && !processAlive(by)) return left(`names process ${by}, which is gone`);
    // Replacing a lock takes milliseconds: a break file older than that was left by a process that stopped
    // in between (empty, if it stopped before writing its pid), or names a pid reused since.
    const age = ageMs(breakPath);
    if (age !== undefined && age > breakLockStaleMs) return left(`was left ${Math.round(age / 1000)} s ago by a process that stopped while replacing the lock`);
    return E.left(storeError(`another process is taking the stale lock ${lockPath} (${breakPath}): only one writer at a time`));
  }
  try {
    const holder = lockHolder(lockPath);
    if (E.isLeft(holder)) return holder.left === 'ENOENT' ? E.right(undefined) : E.left(holder.left);
    if (holder.right !== pid) return E.right(undefined); // taken meanwhile: the caller reads it again
    fs.unlinkSync(lockPath);
    return E.right(undefined);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return E.right(undefined);
    return E.left(storeError(`cannot remove the stale lock file ${lockPath}: ${messageOf(e)}`));
  } finally {
    fs.rmSync(breakPath, { force: true });
  }
};

/**
 * Takes the lock `FILE.lock` (created exclusively, holding our pid). A lock whose process is gone is
 * stale and is replaced (`breakStaleLock`): of openers racing for it, one takes it and the others are
 * refused as by a live holder. `JsonlFileStore.open` calls it; it is exported for the tests, whose
 * `foundStale` plays another opener between reading the stale lock and replacing it.
 */
export const acquireLock = (lockPath: string, foundStale: (pid: number) => void = () => undefined): E.Either<StoreError, void> => {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, `${process.pid}\n`, { flag: 'wx' });
      return E.right(undefined);
    } catch (e) {
      if (errorCode(e) !== 'EEXIST') return E.left(storeError(`cannot create the lock file ${lockPath}: ${messageOf(e)}`));
    }
    const holder = lockHolder(lockPath);
    if (E.isLeft(holder)) {
      if (holder.left === 'ENOENT') continue; // released meanwhile: try again
      return E.left(holder.left);
    }
    const pid = holder.right;
    if (pid === undefined)
      return E.left(storeError(`${lockPath} exists but names no process; remove it if no pointfold process uses the history`));
    if (processAlive(pid))
      return E.left(storeError(`the history is locked by process ${pid} (${lockPath}): only one writer at a time`));
    foundStale(pid);
    const broken = breakStaleLock(lockPath, pid);
    if (E.isLeft(broken)) return broken;
  }
  return E.left(storeError(`cannot take the lock file ${lockPath}: another process keeps taking it`));
};

/** Removes the lock if it is still ours. */
const releaseLock = (lockPath: string): void => {
  try {
    if (fs.readFileSync(lockPath, 'utf8').trim() === String(process.pid)) fs.unlinkSync(lockPath);
  } catch {
    // Already gone: nothing to release.
  }
};

/** Makes a newly created file's directory entry durable (best effort: not every platform can fsync a directory). */
const syncDirectory = async (dir: string): Promise<void> => {
  try {
    const h = await fs.promises.open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    // Not supported here: the file's own fsync is all we can do.
  }
};

/**
 * An `EventStore` in a JSONL file. Create it with `JsonlFileStore.open`; `close` it to release the lock.
 * Appends are serialised: each one sees the version the previous one left.
 * @example
 * const opened = await JsonlFileStore.open('org.jsonl', createPointfoldEngine(), { recoverTorn: true });
 * if (E.isRight(opened)) await opened.right.store.append(opened.right.store.version, events);
 */
export class JsonlFileStore implements EventStore {
  private current: OrgState;
  private count: number;
  private size: number;
  private endsWithNewline: boolean;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  /** Set when a failed write could not be rolled back: the file no longer matches the state. */
  private broken: string | undefined;

  private constructor(
    /** The history file. */
    readonly path: string,
    private readonly engine: Engine,
    private readonly file: AppendFile,
    private readonly lockPath: string,
    folded: FoldedHistory,
    size: number,
    endsWithNewline: boolean,
  ) {
    this.current = folded.state;
    this.count = folded.eventsRead;
    this.size = size;
    this.endsWithNewline = endsWithNewline;
  }

  /**
   * Opens the history in `file` (created if missing): takes the lock, replays every line, and
   * refuses the file at its first bad line. A torn last line is refused, or cut off with `recoverTorn`.
   */
  static async open(file: string, engine: Engine, options: OpenOptions = {}): Promise<E.Either<OpenError, OpenedStore>> {
    const lockPath = `${file}.lock`;
    const locked = acquireLock(lockPath);
    if (E.isLeft(locked)) return locked;
    let handle: AppendFile | undefined;
    try {
      const existed = fs.existsSync(file);
      try {
        handle = await (options.openFile ?? nodeAppendFile)(file);
      } catch (e) {
        releaseLock(lockPath);
        return E.left(storeError(`cannot open ${file}: ${messageOf(e)}`));
      }
      if (!existed) await syncDirectory(path.dirname(path.resolve(file)));
      const lines = options.decodeWorker === undefined ? readJsonlBatches(fs.createReadStream(file)) : readDecoded(file, options.decodeWorker, engine.eventTypes);
      const folded = await foldHistory(lines, engine);
      if (E.isLeft(folded)) {
        await closeQuietly(handle);
        releaseLock(lockPath);
        return folded;
      }
      // The store's state takes commands next: the fold's maps are split now rather than by the first one.
      settleState(folded.right.state);
      const { torn } = folded.right;
      let recovered: OpenedStore['recovered'];
      if (torn !== undefined) {
        if (options.recoverTorn !== true) {
          await closeQuietly(handle);
          releaseLock(lockPath);
          return E.left(tornError(torn));
        }
        await handle.truncate(torn.offset);
        await handle.sync();
        recovered = { lineNo: torn.lineNo, bytes: torn.bytes };
      }
      const size = await handle.size();
      const last = size === 0 ? undefined : (await handle.readAt(size - 1, 1))[0];
      const store = new JsonlFileStore(file, engine, handle, lockPath, folded.right, size, size === 0 || last === 0x0a);
      if (recovered === undefined) return E.right({ store });
      const what = torn?.batch === undefined ? 'an incomplete last line' : `an incomplete last append (${torn.batch.have} of ${torn.batch.of} events)`;
      const notice = `${file}:${recovered.lineNo}: removed ${what} (a torn write) of ${recovered.bytes} bytes; the history keeps its ${folded.right.eventsRead} complete events`;
      return E.right({ store, recovered, notice });
    } catch (e) {
      if (handle !== undefined) await closeQuietly(handle);
      releaseLock(lockPath);
      // The file system's errors carry an errno code; anything else (a broken invariant) is a bug, not a refusal.
      if (errorCode(e) === undefined) throw e;
      return E.left(storeError(`cannot read ${file}: ${messageOf(e)}`));
    }
  }

  /** The number of events in the log. */
  get version(): number {
    return this.count;
  }

  /** The state folded from the whole log. */
  get state(): OrgState {
    return this.current;
  }

  /** Re-reads the file and yields its events from position `from` (0-based), up to the current version. */
  async *read(from = 0): AsyncIterable<EventBase> {
    const until = this.count;
    let index = 0;
    for await (const item of readLines(this.path)) {
      if (index >= until) return;
      if (isTorn(item)) return;
      if (isInvalid(item)) throw new Error(`${this.path}:${item.invalid.lineNo}: ${item.invalid.reason}`);
      const json = E.chain(takeBatchMarker)(parseJsonLine(item.text));
      const decoded = E.isLeft(json) ? json : this.engine.decodeEvent(json.right.event);
      if (E.isLeft(decoded)) throw new Error(`${this.path}:${item.lineNo}: ${describeRefusal(decoded.left)} (the file changed behind the store)`);
      if (index >= from) yield decoded.right;
      index += 1;
    }
  }

  /**
   * Appends events when the log is at `expectedVersion`. Every event is checked against the state
   * first (a refusal writes nothing); accepted events are written in one write and fsynced before
   * the promise resolves. A failed write is rolled back and rejects with a `StoreWriteError`, and so
   * does an append asked after `close` (one asked before it is written first).
   */
  append(expectedVersion: number, events: readonly EventBase[]): Promise<E.Either<DomainError, AppendResult>> {
    if (this.closed) return Promise.reject(new StoreWriteError(`${this.path}: the store is closed`));
    const run = this.queue.then(() => this.appendNow(expectedVersion, events));
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Waits for pending appends, closes the file and releases the lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    try {
      await this.file.close();
    } finally {
      releaseLock(this.lockPath);
    }
  }

  private async appendNow(expectedVersion: number, events: readonly EventBase[]): Promise<E.Either<DomainError, AppendResult>> {
    if (this.broken !== undefined) throw new StoreWriteError(`${this.path}: the store is unusable after a failed write: ${this.broken}`);
    const checked = checkAppend(this.engine, this.current, this.count, expectedVersion, events);
    if (E.isLeft(checked) || events.length === 0) return checked;
    // A history written by hand may end without its newline: the first new line starts after one.
    // Several events written together carry a batch marker: a crash that cuts them short leaves an
    // append that is visibly incomplete, and opening the store drops it as a whole.
    const lines = events.map((e, i) =>
      JSON.stringify(events.length === 1 ? this.engine.encodeEvent(e) : { ...this.engine.encodeEvent(e), [batchMember]: batchMarker(i, events.length) }),
    );
    const text = (this.endsWithNewline ? '' : '\n') + lines.map((l) => `${l}\n`).join('');
    const bytes = Buffer.from(text, 'utf8');
    const before = this.size;
    // The lock keeps other stores out, not other programs: a file another writer appended to or cut no
    // longer replays to this store's state, so nothing more is written to it (the store is then unusable).
    const changed = await this.changedSince(before);
    if (changed !== undefined) throw new StoreWriteError(`${this.path}: could not append ${events.length} event(s), nothing was written: ${changed}`);
    try {
      await this.file.append(bytes);
      await this.file.sync();
    } catch (e) {
      await this.rollback(before, e);
      throw new StoreWriteError(`${this.path}: could not append ${events.length} event(s), nothing was written: ${messageOf(e)}`, { cause: e });
    }
    this.size = before + bytes.length;
    this.endsWithNewline = true;
    this.count = checked.right.version;
    this.current = checked.right.state;
    return checked;
  }

  /**
   * Why the file is no longer the one this store wrote (its size, or its name now naming another file
   * or none), after which the store accepts nothing more; or why that cannot be told (a failed stat,
   * after which the next append asks again). Undefined when it is unchanged.
   */
  private async changedSince(size: number): Promise<string | undefined> {
    try {
      const found = await this.file.size();
      if (found !== size) this.broken = `the file is ${found} bytes where the store wrote ${size}: another program changed it`;
      else if (this.file.stillNamed !== undefined && !(await this.file.stillNamed()))
        this.broken = `${this.path} was removed or replaced (renamed over) since the store opened it: the store would write to a file no one reads`;
      return this.broken;
    } catch (e) {
      return `cannot check the file before writing: ${messageOf(e)}`;
    }
  }

  /** Cuts the file back to its size before a failed write; if even that fails, the store stops accepting appends. */
  private async rollback(size: number, cause: unknown): Promise<void> {
    try {
      await this.file.truncate(size);
      await this.file.sync();
    } catch (e) {
      this.broken = `${messageOf(cause)}; rolling back failed too: ${messageOf(e)}`;
      throw new StoreWriteError(`${this.path}: a failed append could not be rolled back (${this.broken}); reopen the store to recover`, { cause: e });
    }
  }
}

/** The lines of a history file, streamed (never the whole file in memory). */
const readLines = (file: string): AsyncGenerator<JsonlItem> => readJsonl(fs.createReadStream(file));

const closeQuietly = async (file: AppendFile): Promise<void> => {
  try {
    await file.close();
  } catch {
    // Closing after a refusal: the refusal is what the caller needs to hear.
  }
};
