/**
 * The `pointfold` binary end to end: the packages are built with `tsc -b` first, then
 * `bin/pointfold.js` runs as a user would run it, in a child process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { ReplayJson } from '@pointfold/cli';
import { award, history, program, tempDir, toJsonl, wideId } from './fixtures';
import { buildCli, root } from './build';

const bin = path.join(root, 'packages', 'cli', 'bin', 'pointfold.js');
let tmp: ReturnType<typeof tempDir>;

const pointfold = (...args: string[]): SpawnSyncReturns<string> =>
  spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, TZ: 'Pacific/Kiritimati' } });

const write = (name: string, text: string | Buffer): string => {
  const file = path.join(tmp.dir, name);
  fs.writeFileSync(file, text);
  return file;
};

beforeAll(() => {
  buildCli();
  tmp = tempDir();
}, 240_000);

afterAll(() => tmp?.remove());

describe('pointfold replay', () => {
  it('prints one JSON object with --json: its keys, its rows in contract order, amounts with 3 decimals', () => {
    const file = write('h.jsonl', toJsonl(history));
    const r = pointfold('replay', file, '--json');
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout.endsWith('\n')).toBe(true);
    const j = JSON.parse(r.stdout) as ReplayJson;
    expect(Object.keys(j)).toEqual(['eventsRead', 'at', 'balances']);
    expect(j.eventsRead).toBe(10);
    expect(j.at).toBe('2026-03-04T10:00:00Z');
    for (const row of j.balances) expect(Object.keys(row)).toEqual(['entityType', 'entityId', 'programId', 'pointsCategory', 'closingBalance']);
    expect(j.balances).toEqual([
      { entityType: 'CUSTOMER', entityId: 'c1', programId: 765, pointsCategory: 'DelayedAccrualPointCategory', closingBalance: '100.250' },
      { entityType: 'CUSTOMER', entityId: 'c1', programId: 765, pointsCategory: 'Main', closingBalance: '30000.000' },
      { entityType: 'CUSTOMER', entityId: 'c2', programId: 801, pointsCategory: 'Main', closingBalance: '12.500' },
      { entityType: 'CUSTOMER', entityId: wideId, programId: 765, pointsCategory: 'ExternalTriggerBasedPointCategory', closingBalance: '5.000' },
      { entityType: 'CUSTOMER', entityId: wideId, programId: 765, pointsCategory: 'Main', closingBalance: '2.125' },
    ]);
  });

  it('gives the balances at an earlier --at, and drops expired points at a later one', () => {
    const file = write('h.jsonl', toJsonl(history));
    const rows = (at: string): string[] => {
      const r = pointfold('replay', file, '--json', '--at', at);
      expect(r.status).toBe(0);
      const j = JSON.parse(r.stdout) as ReplayJson;
      expect(j.eventsRead).toBe(10);
      return j.balances.map((b) => `${b.entityId}|${b.programId}|${b.pointsCategory}|${b.closingBalance}`);
    };
    expect(rows('2026-03-02T10:30:00Z')).toEqual([
      'c1|765|DelayedAccrualPointCategory|0.000',
      'c1|765|Main|30000.000',
      'c2|801|Main|12.500',
      `${wideId}|765|ExternalTriggerBasedPointCategory|0.000`,
      `${wideId}|765|Main|0.000`,
    ]);
    // Lot e5 (30000 points) expires on 2026-06-01, even though no expiry event was appended.
    expect(rows('2026-06-01')).toContain('c1|765|Main|0.000');
    expect(rows('2026-05-31T23:59:59.999Z')).toContain('c1|765|Main|30000.000');
  });

  it('prints a readable table without --json', () => {
    const file = write('h.jsonl', toJsonl(history));
    const r = pointfold('replay', file);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ENTITY TYPE +ENTITY ID +PROGRAM +CATEGORY +CLOSING BALANCE$/);
    expect(lines.slice(1, 6).map((l) => l.split(/ {2,}/))).toEqual([
      ['CUSTOMER', 'c1', '765', 'DelayedAccrualPointCategory', '100.250'],
      ['CUSTOMER', 'c1', '765', 'Main', '30000.000'],
      ['CUSTOMER', 'c2', '801', 'Main', '12.500'],
      ['CUSTOMER', wideId, '765', 'ExternalTriggerBasedPointCategory', '5.000'],
      ['CUSTOMER', wideId, '765', 'Main', '2.125'],
    ]);
    expect(lines[6]).toBe('');
    expect(lines[7]).toBe('10 events read; 5 closing balances at 2026-03-04T10:00:00Z.');
  });

  it('refuses a bad history: exit 2, nothing on stdout, FILE:LINE: reason on stderr', () => {
    const file = write('bad.jsonl', `${toJsonl(history.slice(0, 4))}\n${JSON.stringify(award('x', '2026-03-05T00:00:00Z', 'c1', '1.2345'))}\n`);
    for (const args of [[], ['--json'], ['--at', '2026-03-01T00:00:00Z']]) {
      const r = pointfold('replay', file, ...args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`${file}:6: points: 878: Invalid decimal precision in points: 1.2345 has more than three decimal places\n`);
    }
  });

  it('refuses a line that is not JSON, and a torn last line', () => {
    const notJson = write('not-json.jsonl', `${toJsonl(history.slice(0, 2))}{"type":\n${toJsonl(history.slice(2, 3))}`);
    const r1 = pointfold('replay', notJson, '--json');
    expect(r1.status).toBe(2);
    expect(r1.stdout).toBe('');
    expect(r1.stderr).toMatch(new RegExp(`^${notJson.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: not JSON: `));

    const full = toJsonl(history);
    const torn = write('torn.jsonl', full.slice(0, full.length - 10));
    const r2 = pointfold('replay', torn, '--json');
    expect(r2.status).toBe(2);
    expect(r2.stdout).toBe('');
    const tornBytes = Buffer.byteLength(JSON.stringify(history[9])) - 9;
    expect(r2.stderr).toBe(`${torn}:10: incomplete last line (a torn write): ${tornBytes} bytes without a newline\n`);
  });

  it('reads a last line written by hand without its newline', () => {
    const file = write('hand.jsonl', toJsonl(history).trimEnd());
    const r = pointfold('replay', file, '--json');
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as ReplayJson).eventsRead).toBe(10);
  });

  it('refuses a missing file and an invalid --at with exit 2 and nothing on stdout', () => {
    const missing = path.join(tmp.dir, 'nope.jsonl');
    const r1 = pointfold('replay', missing, '--json');
    expect([r1.status, r1.stdout, r1.stderr]).toEqual([2, '', `${missing}: no such file\n`]);
    const file = write('h.jsonl', toJsonl(history));
    const r2 = pointfold('replay', file, '--at', 'yesterday');
    expect([r2.status, r2.stdout]).toEqual([2, '']);
    expect(r2.stderr).toBe('pointfold replay: invalid --at: "yesterday" is not an ISO-8601 date-time\n');
  });

  it('ends with status 4 and one line on stderr when the output cannot be written (a full disk)', () => {
    const full = fs.openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [bin, 'replay', path.join(root, 'examples', 'retail.jsonl'), '--json'], { cwd: root, encoding: 'utf8', stdio: ['ignore', full, 'pipe'] });
      expect(r.status).toBe(4);
      expect(r.stderr).toBe('pointfold: cannot write the output: ENOSPC: no space left on device, write\n');
    } finally {
      fs.closeSync(full);
    }
  });

  it('keeps its exit status when stderr is closed before it reports (a missing file: 2)', async () => {
    const child = spawn(process.execPath, [bin, 'replay', path.join(tmp.dir, 'missing.jsonl')], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.destroy();
    const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(status).toBe(2);
  });

  it('replays an empty file to zero events', () => {
    const file = write('empty.jsonl', '');
    const r = pointfold('replay', file, '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ eventsRead: 0, at: null, balances: [] });
    const r2 = pointfold('replay', file, '--json', '--at', '2026-01-01T00:00:00Z');
    expect(JSON.parse(r2.stdout)).toEqual({ eventsRead: 0, at: '2026-01-01T00:00:00Z', balances: [] });
  });

  it('shows no progress bar when stderr is not a terminal, even for a large file', () => {
    const events = [program('p', '2026-01-01T00:00:00Z'), ...history.slice(2, 4)];
    const lines: string[] = [toJsonl(events)];
    let bytes = lines[0]?.length ?? 0;
    for (let i = 0; bytes < 6 * 1024 * 1024; i++) {
      const l = `${JSON.stringify(award(`a${i}`, '2026-03-05T00:00:00Z', i % 2 === 0 ? 'c1' : 'c2', '1.5'))}\n`;
      lines.push(l);
      bytes += l.length;
    }
    const file = write('large.jsonl', lines.join(''));
    const r = pointfold('replay', file, '--json');
    expect([r.status, r.stderr]).toEqual([0, '']);
    const j = JSON.parse(r.stdout) as ReplayJson;
    expect(j.eventsRead).toBe(lines.length - 1 + events.length);
    expect(j.balances.map((b) => b.entityId)).toEqual(['c1', 'c2']);
  }, 60_000);

  it('answers --help with usage and an example, with status 0', () => {
    const r = pointfold('replay', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: pointfold replay [options] <file>');
    expect(r.stdout).toContain('Examples:');
    expect(r.stderr).toBe('');
  });

  it('treats a usage error as bad input (exit 2)', () => {
    const r = pointfold('replay');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("missing required argument 'file'");
  });
});

describe('the file store across processes', () => {
  /** Opens the store at the wall time given (all openers at once); one that gets it holds it until FILE.done exists. */
  const opener = `
    const fs = require('node:fs');
    const { JsonlFileStore, createPointfoldEngine } = require(${JSON.stringify(path.join(root, 'packages', 'cli', 'dist', 'index.js'))});
    const [file, startAt] = process.argv.slice(1);
    while (Date.now() < Number(startAt));
    JsonlFileStore.open(file, createPointfoldEngine()).then(async (r) => {
      if (r._tag === 'Left') return console.log('refused: ' + r.left.reason);
      console.log('took');
      while (!fs.existsSync(file + '.done')) await new Promise((done) => setTimeout(done, 20));
      await r.right.store.close();
    });`;

  /** What the opener said (its first line), and when it exits. */
  const run = (file: string, startAt: number): { said: Promise<string>; exited: Promise<void> } => {
    const child = spawn(process.execPath, ['-e', opener, file, String(startAt)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const said = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
      });
      child.on('error', reject);
      child.on('close', () => resolve(out.trim()));
    });
    return { said, exited: new Promise((resolve) => child.on('close', () => resolve())) };
  };

  it('of openers racing for one stale lock, exactly one takes it (decision 116)', async () => {
    const file = write('race.jsonl', '');
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    fs.writeFileSync(`${file}.lock`, `${dead}\n`);
    const startAt = Date.now() + 1000;
    const openers = Array.from({ length: 6 }, () => run(file, startAt));
    const said = await Promise.all(openers.map((o) => o.said));
    fs.writeFileSync(`${file}.done`, '');
    await Promise.all(openers.map((o) => o.exited));
    expect(said.filter((s) => s === 'took')).toHaveLength(1);
    for (const s of said.filter((x) => x !== 'took')) expect(s).toMatch(/^refused: (the history is locked by process \d+|another process is taking the stale lock)/);
    expect(fs.existsSync(`${file}.lock`) || fs.existsSync(`${file}.lock.break`)).toBe(false);
  }, 60_000);
});
