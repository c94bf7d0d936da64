import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import * as E from 'fp-ts/Either';
import { EventBase, OrgState, Points, closingBalances, formatTimestamp } from '@pointfold/core';
import { AppendFile, JsonlFileStore, OpenError, OpenedStore, StoreWriteError, createPointfoldEngine, nodeAppendFile } from '@pointfold/cli';
import { acquireLock } from '../src/store/file-store';
import { award, customer, decodeAll, history, program, tempDir, toJsonl, wideId } from './fixtures';

const engine = createPointfoldEngine();
const events = decodeAll(engine, history);

let tmp: ReturnType<typeof tempDir>;
let file: string;
const opened: JsonlFileStore[] = [];

beforeEach(() => {
  tmp = tempDir();
  file = path.join(tmp.dir, 'org.jsonl');
});

afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  tmp.remove();
});

/** Opens a store that the test expects to open, and closes it after the test. */
const mustOpen = async (options: Parameters<typeof JsonlFileStore.open>[2] = {}): Promise<OpenedStore> => {
  const r = await JsonlFileStore.open(file, engine, options);
  if (E.isLeft(r)) throw new Error(`open refused: ${r.left.reason}`);
  opened.push(r.right.store);
  return r.right;
};

/** Opens a store that the test expects to be refused. */
const mustRefuse = async (options: Parameters<typeof JsonlFileStore.open>[2] = {}): Promise<OpenError> => {
  const r = await JsonlFileStore.open(file, engine, options);
  if (E.isRight(r)) {
    opened.push(r.right.store);
    throw new Error('the store opened');
  }
  return r.left;
};

const balances = (s: OrgState): string[] => {
  const at = s.lastAt;
  if (at === undefined) return [];
  return closingBalances(s.ledger, at).map((b) => `${b.entityId}|${b.programId}|${b.pointsCategory}|${Points.format(b.closingBalance)}`);
};

const collect = async (it: AsyncIterable<EventBase>): Promise<string[]> => {
  const out: string[] = [];
  for await (const e of it) out.push(JSON.stringify(engine.encodeEvent(e)));
  return out;
};

describe('JsonlFileStore', () => {
  it.each([
    ['appended to', (f: string) => fs.appendFileSync(f, '{"type":"ProgramDefined","id":"ext","at":"2026-01-01T00:00:00Z","programId":9,"name":"X"}\n')],
    ['cut', (f: string) => fs.truncateSync(f, 10)],
  ])('writes nothing more to a file another program %s, and says so', async (_how, change) => {
    const { store } = await mustOpen();
    const first = await store.append(0, events.slice(0, 2));
    expect(E.isRight(first)).toBe(true);
    change(file);
    const bytes = fs.readFileSync(file);
    await expect(store.append(2, events.slice(2, 3))).rejects.toThrow(/another program changed it/);
    await expect(store.append(2, events.slice(2, 3))).rejects.toThrow(/unusable/);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it.each<[string, (f: string) => void]>([
    ['replaced by a rename, with the same bytes', (f) => {
      fs.writeFileSync(`${f}.new`, fs.readFileSync(f));
      fs.renameSync(`${f}.new`, f);
    }],
    ['removed', (f) => fs.unlinkSync(f)],
  ])('writes nothing to a file %s under the store, and says so (decision 116)', async (_how, change) => {
    const { store } = await mustOpen();
    expect(E.isRight(await store.append(0, events.slice(0, 2)))).toBe(true);
    change(file);
    const before = fs.existsSync(file) ? fs.readFileSync(file) : undefined;
    await expect(store.append(2, events.slice(2, 3))).rejects.toThrow(/removed or replaced \(renamed over\)/);
    await expect(store.append(2, events.slice(2, 3))).rejects.toThrow(/unusable/);
    expect(fs.existsSync(file) ? fs.readFileSync(file) : undefined).toEqual(before);
    await store.close();
  });

  it('writes an append asked before close, and refuses one asked after it, writing nothing', async () => {
    const { store } = await mustOpen();
    const pending = store.append(0, events.slice(0, 2));
    const closing = store.close();
    const late = store.append(2, events.slice(2, 3));
    await expect(late).rejects.toThrow(StoreWriteError);
    const written = await pending;
    await closing;
    expect(E.isRight(written) && written.right.version).toBe(2);
    expect(fs.readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('creates a missing file, holds the lock while open and releases it on close', async () => {
    const { store } = await mustOpen();
    expect(fs.statSync(file).size).toBe(0);
    expect(store.version).toBe(0);
    expect(fs.readFileSync(`${file}.lock`, 'utf8').trim()).toBe(String(process.pid));
    await store.close();
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });

  it('appends events that replay to the same state', async () => {
    const { store } = await mustOpen();
    const r1 = await store.append(0, events.slice(0, 4));
    const r2 = await store.append(4, events.slice(4));
    expect(E.isRight(r1) && r1.right.version).toBe(4);
    expect(E.isRight(r2) && r2.right.version).toBe(events.length);
    expect(store.version).toBe(events.length);
    const before = balances(store.state);
    expect(before).toContain(`${wideId}|765|Main|2.125`);
    await store.close();

    const reopened = (await mustOpen()).store;
    expect(reopened.version).toBe(events.length);
    expect(balances(reopened.state)).toEqual(before);
    const reference = engine.replay(events);
    expect(E.isRight(reference) && balances(reference.right)).toEqual(before);
    // One event a line, in the engine's canonical JSON, each append's lines marked K/N.
    const marked = (es: readonly EventBase[]): string => es.map((e, i) => `${JSON.stringify({ ...engine.encodeEvent(e), batch: `${i + 1}/${es.length}` })}\n`).join('');
    expect(fs.readFileSync(file, 'utf8')).toBe(marked(events.slice(0, 4)) + marked(events.slice(4)));
  });

  it('reads the events back, from a position', async () => {
    const { store } = await mustOpen();
    await store.append(0, events);
    const all = await collect(store.read());
    expect(all).toEqual(events.map((e) => JSON.stringify(engine.encodeEvent(e))));
    expect(await collect(store.read(7))).toEqual(all.slice(7));
    expect(await collect(store.read(events.length))).toEqual([]);
  });

  it('refuses an append with a stale expected version and writes nothing', async () => {
    const { store } = await mustOpen();
    await store.append(0, events.slice(0, 4));
    const size = fs.statSync(file).size;
    const r = await store.append(3, events.slice(4, 5));
    expect(E.isLeft(r) && r.left.code).toBe(9910);
    expect(fs.statSync(file).size).toBe(size);
    expect(store.version).toBe(4);
  });

  it('refuses a batch with a refused event and writes none of it', async () => {
    const { store } = await mustOpen();
    await store.append(0, events.slice(0, 4));
    const text = fs.readFileSync(file, 'utf8');
    const state = store.state;
    const [good, bad] = decodeAll(engine, [award('ok', '2026-03-05T00:00:00Z', 'c1', '5'), award('bad', '2026-03-05T00:00:00Z', 'nobody', '5')]);
    const r = await store.append(4, [good as EventBase, bad as EventBase]);
    expect(E.isLeft(r) && r.left.code).toBe(816);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect(store.version).toBe(4);
    expect(store.state).toBe(state);
  });

  it('serialises concurrent appends: of two at the same version, one is refused as stale', async () => {
    const { store } = await mustOpen();
    const [a, b] = await Promise.all([store.append(0, events.slice(0, 2)), store.append(0, events.slice(0, 2))]);
    expect([E.isRight(a), E.isRight(b)]).toEqual([true, false]);
    expect(E.isLeft(b) && b.left.code).toBe(9910);
    expect(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('refuses a second opener while the lock is held, and opens again after close', async () => {
    const { store } = await mustOpen();
    const refused = await mustRefuse();
    expect(refused).toEqual({ _tag: 'StoreError', reason: expect.stringContaining(`locked by process ${process.pid}`) });
    await store.close();
    const again = await mustOpen();
    expect(again.store.version).toBe(0);
  });

  it('replaces a stale lock whose process is gone', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    expect(typeof dead).toBe('number');
    fs.writeFileSync(`${file}.lock`, `${dead}\n`);
    await mustOpen();
    expect(fs.readFileSync(`${file}.lock`, 'utf8').trim()).toBe(String(process.pid));
    expect(fs.existsSync(`${file}.lock.break`)).toBe(false);
  });

  it('leaves a stale lock that another opener is replacing (FILE.lock.break of a live process) to it, and is refused', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    fs.writeFileSync(`${file}.lock`, `${dead}\n`);
    fs.writeFileSync(`${file}.lock.break`, `${process.ppid}\n`);
    const refused = await mustRefuse();
    expect(refused._tag === 'StoreError' && refused.reason).toMatch(/another process is taking the stale lock/);
    expect([fs.readFileSync(`${file}.lock`, 'utf8'), fs.readFileSync(`${file}.lock.break`, 'utf8')]).toEqual([`${dead}\n`, `${process.ppid}\n`]);
  });

  it('does not remove the lock another opener took after this one read the stale lock (decision 116)', () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const lockPath = `${file}.lock`;
    fs.writeFileSync(lockPath, `${dead}\n`);
    const other = process.ppid; // a live process: the opener that replaced the stale lock first
    const taken = acquireLock(lockPath, () => {
      fs.unlinkSync(lockPath);
      fs.writeFileSync(lockPath, `${other}\n`, { flag: 'wx' });
    });
    expect(E.isLeft(taken) && taken.left.reason).toMatch(new RegExp(`locked by process ${other}`));
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(`${other}\n`);
    expect(fs.existsSync(`${lockPath}.break`)).toBe(false);
  });

  it('names a break lock older than a lock takes to replace (an opener stopped before writing its pid), and touches neither lock', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    fs.writeFileSync(`${file}.lock`, `${dead}\n`);
    fs.writeFileSync(`${file}.lock.break`, '');
    const young = await mustRefuse();
    expect(young._tag === 'StoreError' && young.reason).toMatch(/another process is taking the stale lock/);
    const minuteAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(`${file}.lock.break`, minuteAgo, minuteAgo);
    const old = await mustRefuse();
    expect(old._tag === 'StoreError' && old.reason).toMatch(/lock\.break was left 60 s ago by a process that stopped while replacing the lock: remove it/);
    expect([fs.readFileSync(`${file}.lock`, 'utf8'), fs.readFileSync(`${file}.lock.break`, 'utf8')]).toEqual([`${dead}\n`, '']);
  });

  it('names a break lock left by a process that is gone, and touches neither lock', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    fs.writeFileSync(`${file}.lock`, `${dead}\n`);
    fs.writeFileSync(`${file}.lock.break`, `${dead}\n`);
    const refused = await mustRefuse();
    expect(refused._tag === 'StoreError' && refused.reason).toMatch(new RegExp(`lock.break names process ${dead}, which is gone: remove it`));
    expect(fs.existsSync(`${file}.lock`) && fs.existsSync(`${file}.lock.break`)).toBe(true);
  });

  it('refuses a lock file that names no process', async () => {
    fs.writeFileSync(`${file}.lock`, 'garbage');
    const refused = await mustRefuse();
    expect(refused._tag === 'StoreError' && refused.reason).toMatch(/names no process/);
    expect(fs.readFileSync(`${file}.lock`, 'utf8')).toBe('garbage');
  });

  it('refuses a torn last line unless asked to recover it, then cuts exactly that line', async () => {
    const intact = toJsonl(history.slice(0, 5));
    const tornLine = JSON.stringify(history[5]).slice(0, 40);
    fs.writeFileSync(file, intact + tornLine);
    const refused = await mustRefuse();
    expect(refused).toEqual({
      _tag: 'HistoryError',
      line: 6,
      reason: `incomplete last line (a torn write): ${Buffer.byteLength(tornLine)} bytes without a newline`,
    });
    expect(fs.readFileSync(file, 'utf8')).toBe(intact + tornLine);
    expect(fs.existsSync(`${file}.lock`)).toBe(false);

    const { store, recovered, notice } = await mustOpen({ recoverTorn: true });
    expect(recovered).toEqual({ lineNo: 6, bytes: Buffer.byteLength(tornLine) });
    expect(notice).toBe(`${file}:6: removed an incomplete last line (a torn write) of 40 bytes; the history keeps its 5 complete events`);
    expect(store.version).toBe(5);
    expect(fs.readFileSync(file, 'utf8')).toBe(intact);
    // The next append follows the last complete line.
    const r = await store.append(5, events.slice(5));
    expect(E.isRight(r)).toBe(true);
    await store.close();
    expect((await mustOpen()).store.version).toBe(events.length);
  });

  it('recovers a history cut at every byte offset of its last event to exactly its complete events', async () => {
    const full = Buffer.from(toJsonl(history));
    const lastStart = Buffer.byteLength(toJsonl(history.slice(0, -1)));
    const intact = await mustOpenWith(full);
    const expectedFull = balances(intact.state);
    await intact.close();
    for (let cut = lastStart; cut <= full.length; cut++) {
      const buf = full.subarray(0, cut);
      const store = await mustOpenWith(buf);
      // Only the whole JSON of the last line (with or without its newline) is the last event.
      const complete = cut >= full.length - 1;
      expect(store.version).toBe(complete ? events.length : events.length - 1);
      expect(fs.statSync(file).size).toBe(complete ? cut : lastStart);
      if (complete) expect(balances(store.state)).toEqual(expectedFull);
      await store.close();
    }
  });

  it('appends after a last line written by hand without its newline', async () => {
    fs.writeFileSync(file, toJsonl(history.slice(0, 4)).trimEnd());
    const { store } = await mustOpen();
    expect(store.version).toBe(4);
    await store.append(4, events.slice(4, 6));
    await store.close();
    const text = fs.readFileSync(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n').filter(Boolean)).toHaveLength(6);
    expect((await mustOpen()).store.version).toBe(6);
  });

  it('rolls a failed write back and keeps its state, then appends again', async () => {
    let failures = 0;
    const flaky = async (f: string): Promise<AppendFile> => {
      const real = await nodeAppendFile(f);
      return {
        ...real,
        append: async (bytes) => {
          if (failures > 0) {
            failures -= 1;
            // Half the bytes reach the disk, then the device fails.
            await real.append(bytes.subarray(0, Math.floor(bytes.length / 2)));
            throw new Error('ENOSPC: no space left on device');
          }
          await real.append(bytes);
        },
      };
    };
    const { store } = await mustOpen({ openFile: flaky });
    await store.append(0, events.slice(0, 4));
    const text = fs.readFileSync(file, 'utf8');
    failures = 1;
    await expect(store.append(4, events.slice(4))).rejects.toThrow(StoreWriteError);
    expect(failures).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect(store.version).toBe(4);
    const r = await store.append(4, events.slice(4));
    expect(E.isRight(r)).toBe(true);
    await store.close();
    const reopened = (await mustOpen()).store;
    expect(reopened.version).toBe(events.length);
  });

  it('rolls back when fsync fails', async () => {
    const failingSync = async (f: string): Promise<AppendFile> => {
      const real = await nodeAppendFile(f);
      let syncs = 0;
      return {
        ...real,
        sync: async () => {
          syncs += 1;
          // The first fsync (of the append) fails; the rollback's own fsync works.
          if (syncs === 1) throw new Error('EIO: i/o error, fsync');
          await real.sync();
        },
      };
    };
    const { store } = await mustOpen({ openFile: failingSync });
    await expect(store.append(0, events.slice(0, 3))).rejects.toThrow(/could not append 3 event\(s\), nothing was written: EIO/);
    expect(fs.statSync(file).size).toBe(0);
    expect(store.version).toBe(0);
  });

  it('refuses further appends when a failed write cannot be rolled back', async () => {
    const broken = async (f: string): Promise<AppendFile> => {
      const real = await nodeAppendFile(f);
      return {
        ...real,
        append: async () => {
          throw new Error('EIO: write failed');
        },
        truncate: async () => {
          throw new Error('EIO: truncate failed');
        },
      };
    };
    const { store } = await mustOpen({ openFile: broken });
    await expect(store.append(0, events.slice(0, 1))).rejects.toThrow(/could not be rolled back/);
    await expect(store.append(0, events.slice(0, 1))).rejects.toThrow(/unusable after a failed write/);
    expect(store.version).toBe(0);
  });

  it('refuses appends after close', async () => {
    const { store } = await mustOpen();
    await store.close();
    await expect(store.append(0, events.slice(0, 1))).rejects.toThrow(/closed/);
  });

  it('refuses a path it cannot use, with a clear reason', async () => {
    const r = await JsonlFileStore.open(path.join(tmp.dir, 'missing-dir', 'h.jsonl'), engine);
    expect(E.isLeft(r) && r.left._tag === 'StoreError' && r.left.reason).toMatch(/cannot create the lock file/);
    fs.mkdirSync(file);
    const d = await mustRefuse();
    expect(d._tag === 'StoreError' && d.reason).toMatch(/^cannot open/);
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });

  it('keeps the time order across appends (an append going back in time is refused)', async () => {
    const { store } = await mustOpen();
    await store.append(0, events);
    const last = events[events.length - 1]?.at;
    const [early] = decodeAll(engine, [program('early', '2026-01-01T00:00:00Z', 999)]);
    const r = await store.append(events.length, [early as EventBase]);
    expect(E.isLeft(r) && r.left.code).toBe(9902);
    expect(store.state.lastAt).toBe(last);
    expect(last === undefined ? undefined : formatTimestamp(last)).toBe('2026-03-04T10:00:00Z');
  });

  it('opens a history of reference events written elsewhere', async () => {
    fs.writeFileSync(file, toJsonl([program('p', '2026-01-01T00:00:00Z'), customer('c', '2026-01-01T00:00:00Z', 'c1')]));
    const { store } = await mustOpen();
    expect(store.version).toBe(2);
    expect(store.state.org.customers.has('c1')).toBe(true);
  });
  it('refuses to open when the fsync of a torn line\'s cut fails, and releases the lock', async () => {
    const intact = toJsonl(history.slice(0, 5));
    fs.writeFileSync(file, intact + JSON.stringify(history[5]).slice(0, 40));
    const failingSync = async (f: string): Promise<AppendFile> => {
      const real = await nodeAppendFile(f);
      return {
        ...real,
        sync: async () => {
          throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
        },
      };
    };
    const refused = await mustRefuse({ recoverTorn: true, openFile: failingSync });
    expect(refused._tag === 'StoreError' && refused.reason).toMatch(/^cannot read .*: EIO: i\/o error, fsync$/);
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });

  it('stops accepting appends when the fsync of a rollback fails', async () => {
    const failing = async (f: string): Promise<AppendFile> => {
      const real = await nodeAppendFile(f);
      return {
        ...real,
        append: async (bytes) => {
          await real.append(bytes.subarray(0, Math.floor(bytes.length / 2)));
          throw new Error('ENOSPC: no space left on device');
        },
        sync: async () => {
          throw new Error('EIO: i/o error, fsync');
        },
      };
    };
    const { store } = await mustOpen({ openFile: failing });
    await expect(store.append(0, events.slice(0, 2))).rejects.toThrow(/could not be rolled back \(ENOSPC: no space left on device; rolling back failed too: EIO/);
    await expect(store.append(0, events.slice(0, 2))).rejects.toThrow(/unusable after a failed write/);
    expect(store.version).toBe(0);
  });

  it('takes a lock whose process belongs to another user (kill answers EPERM) for a live one, and leaves it', async () => {
    const other = spawnSync(process.execPath, ['-e', '']).pid;
    fs.writeFileSync(`${file}.lock`, `${other}\n`);
    const realKill = process.kill.bind(process);
    const kill = jest.spyOn(process, 'kill').mockImplementation((pid: number, signal?: string | number) => {
      if (pid === other) throw Object.assign(new Error('kill EPERM'), { code: 'EPERM' });
      return realKill(pid, signal);
    });
    try {
      const refused = await mustRefuse();
      expect(refused._tag === 'StoreError' && refused.reason).toMatch(new RegExp(`locked by process ${other} `));
    } finally {
      kill.mockRestore();
    }
    expect(fs.readFileSync(`${file}.lock`, 'utf8')).toBe(`${other}\n`);
    expect(fs.existsSync(`${file}.lock.break`)).toBe(false);
  });

  it('leaves on close a lock that no longer names this process', async () => {
    const { store } = await mustOpen();
    fs.writeFileSync(`${file}.lock`, `${process.ppid}\n`);
    await store.close();
    expect(fs.readFileSync(`${file}.lock`, 'utf8')).toBe(`${process.ppid}\n`);
  });

  it('after a last line written by hand without its newline, adds that newline once and no blank line', async () => {
    const byHand = toJsonl(history.slice(0, 4)).trimEnd();
    fs.writeFileSync(file, byHand);
    const { store } = await mustOpen();
    expect(E.isRight(await store.append(4, []))).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe(byHand);
    expect(E.isRight(await store.append(4, events.slice(4, 5)))).toBe(true);
    expect(E.isRight(await store.append(5, events.slice(5, 6)))).toBe(true);
    const line = (e: EventBase | undefined): string => (e === undefined ? '' : `${JSON.stringify(engine.encodeEvent(e))}\n`);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${byHand}\n${line(events[4])}${line(events[5])}`);
  });

  it('writes a single event without a batch marker (decision 20)', async () => {
    const { store } = await mustOpen();
    expect(E.isRight(await store.append(0, events.slice(0, 1)))).toBe(true);
    const [first] = events;
    expect(first).toBeDefined();
    expect(fs.readFileSync(file, 'utf8')).toBe(first === undefined ? '' : `${JSON.stringify(engine.encodeEvent(first))}\n`);
  });

  it('reads back only the events of its version, not a line another program appended', async () => {
    const { store } = await mustOpen();
    expect(E.isRight(await store.append(0, events.slice(0, 2)))).toBe(true);
    fs.appendFileSync(file, '{"type":"ProgramDefined","id":"ext","at":"2026-01-01T00:00:00Z","programId":9,"name":"X"}\n');
    expect(await collect(store.read())).toEqual(events.slice(0, 2).map((e) => JSON.stringify(engine.encodeEvent(e))));
  });

  it('counts the bytes of the multi-byte text it wrote, and appends after them', async () => {
    const { store } = await mustOpen();
    expect(E.isRight(await store.append(0, events))).toBe(true);
    const r = await store.append(events.length, decodeAll(engine, [program('later', '2026-03-05T00:00:00Z', 999)]));
    expect(E.isRight(r) && r.right.version).toBe(events.length + 1);
    await store.close();
    expect((await mustOpen()).store.version).toBe(events.length + 1);
  });

  it('refuses an append after close even when its medium could still write, and writes nothing', async () => {
    const reals: AppendFile[] = [];
    const lingering = async (f: string): Promise<AppendFile> => {
      const real = await nodeAppendFile(f);
      reals.push(real);
      // A medium that stays writable after close: only the store's own check keeps the late append out.
      return { ...real, close: async () => undefined };
    };
    const { store } = await mustOpen({ openFile: lingering });
    expect(E.isRight(await store.append(0, events.slice(0, 2)))).toBe(true);
    const bytes = fs.readFileSync(file);
    await store.close();
    await expect(store.append(2, events.slice(2, 3))).rejects.toThrow(`${file}: the store is closed`);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    for (const real of reals) await real.close();
  });

  it('names the bytes of an incomplete last append, refused and then cut (decision 20)', async () => {
    const first = await mustOpen();
    expect(E.isRight(await first.store.append(0, events.slice(0, 2)))).toBe(true);
    const start = fs.statSync(file).size;
    expect(E.isRight(await first.store.append(2, events.slice(2, 5)))).toBe(true);
    await first.store.close();
    const cut = fs.statSync(file).size - 10;
    fs.truncateSync(file, cut);
    const refused = await mustRefuse();
    expect(refused).toEqual({ _tag: 'HistoryError', line: 3, reason: `incomplete last append (a torn write): 2 of its 3 events are here (${cut - start} bytes)` });
    const { recovered } = await mustOpen({ recoverTorn: true });
    expect(recovered).toEqual({ lineNo: 3, bytes: cut - start });
    expect(fs.statSync(file).size).toBe(start);
  });
});

/** Writes `bytes` to the test file and opens it with torn-line recovery (the caller closes it). */
const mustOpenWith = async (bytes: Uint8Array): Promise<JsonlFileStore> => {
  fs.writeFileSync(file, bytes);
  const r = await JsonlFileStore.open(file, engine, { recoverTorn: true });
  if (E.isLeft(r)) throw new Error(`open refused at line ${r.left._tag === 'HistoryError' ? r.left.line : '-'}: ${r.left.reason}`);
  return r.right.store;
};
