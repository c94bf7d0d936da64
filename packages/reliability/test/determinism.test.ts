/**
 * Determinism: the same log gives the same state in every process. `examples/retail.jsonl` and
 * `examples/demo.jsonl` are folded by the domain packages alone (`bin/fold-hash.js`, on the built
 * packages) in child processes whose time zones differ (UTC, Pacific/Kiritimati at +14:00,
 * America/St_Johns at -03:30) and in which `Date.now`, `Date()`, `new Date()` and `Math.random` throw
 * while the domain packages are loaded and fold; each prints the SHA-256 of the state's digest (closing
 * balances, lots, slices). Every child must agree, with a control child that leaves the clock alone, and
 * with this process folding the TypeScript sources. The digest must tell states apart, or agreeing would
 * prove nothing: a history without its last event, or with one amount changed by a thousandth, hashes
 * differently.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import * as E from 'fp-ts/Either';
import { createDomainEngine, digestHash, stateDigest } from '@pointfold/reliability';
import { buildReliability, root } from './build';
import { tempDir } from './histories';
import { report } from './world';

const files = ['examples/retail.jsonl', 'examples/demo.jsonl'];
const script = path.join(root, 'packages', 'reliability', 'bin', 'fold-hash.js');
const zones = ['UTC', 'Pacific/Kiritimati', 'America/St_Johns'];

interface FileReport {
  readonly file: string;
  readonly events: number;
  readonly lastAt: string | null;
  readonly balances: number;
  readonly lots: number;
  readonly hash: string;
}

interface ChildReport {
  readonly pure: boolean;
  readonly tz: string | null;
  readonly offsetMinutes: number;
  readonly guarded: readonly (readonly [string, boolean])[];
  readonly forbidden: readonly string[];
  readonly results: readonly FileReport[];
}

/** Runs fold-hash on some files; `pure` undefined leaves POINTFOLD_FOLD_HASH_PURE unset (the default). */
const run = (tz: string, pure: boolean | undefined, args: readonly string[] = files) => {
  const { POINTFOLD_FOLD_HASH_PURE: _unset, ...env } = process.env;
  return spawnSync(process.execPath, [script, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...env, TZ: tz, ...(pure === undefined ? {} : { POINTFOLD_FOLD_HASH_PURE: pure ? '1' : '0' }) },
  });
};

const child = (tz: string, pure: boolean | undefined): ChildReport => {
  const r = run(tz, pure);
  if (r.status !== 0) throw new Error(`fold-hash (TZ=${tz}) exited with ${String(r.status)}:\n${r.stderr}`);
  return JSON.parse(r.stdout) as ChildReport;
};

/** The digest of a history's lines, folded in this process from the TypeScript sources. */
const digestOf = (lines: readonly string[]) => {
  const replayer = createDomainEngine().replayer();
  for (const line of lines) {
    const pushed = replayer.pushJson(JSON.parse(line));
    if (E.isLeft(pushed)) throw new Error(typeof pushed.left === 'string' ? pushed.left : pushed.left.message);
  }
  return stateDigest(replayer.finish());
};
/** The digest's hash of a history's lines, folded in this process. */
const hashOf = (lines: readonly string[]): string => digestHash(digestOf(lines));
const linesOf = (file: string): string[] => fs.readFileSync(path.join(root, file), 'utf8').split('\n').filter((l) => l.trim() !== '');
/** Runs `f` in a new temporary directory, removed afterwards. */
const inTempDir = (f: (dir: string) => void): void => {
  const tmp = tempDir();
  try {
    f(tmp.dir);
  } finally {
    tmp.remove();
  }
};
/** What fold-hash must print for a file, from this process's fold. */
const reportOf = (file: string): FileReport => {
  const d = digestOf(linesOf(file));
  return { file, events: d.events, lastAt: d.lastAt, balances: d.balances.length, lots: d.lots.length, hash: digestHash(d) };
};

describe('determinism across processes and time zones', () => {
  beforeAll(() => buildReliability(), 240_000);

  it('folds the examples to the same state digest in every time zone, with the clock and randomness throwing inside the domain packages', () => {
    const started = Date.now();
    const children = zones.map((tz) => child(tz, true));
    const control = child('UTC', false);
    const here = files.map((f) => hashOf(linesOf(f)));
    // The zones took effect, the guards were in place and never tripped.
    expect(new Set(children.map((c) => c.offsetMinutes)).size).toBe(zones.length);
    for (const c of children) {
      expect(c.guarded).toEqual([
        ['Date.now', true],
        ['Date()', true],
        ['new Date()', true],
        ['Math.random', true],
      ]);
      expect(c.forbidden).toEqual([]);
    }
    // Every process, every zone, and this one: the same events, the same time, the same hash.
    for (const c of [...children, control]) expect(c.results.map((r) => r.hash)).toEqual(here);
    expect(children.map((c) => c.results.map((r) => `${r.events}@${r.lastAt}`))).toEqual(zones.map(() => children[0]?.results.map((r) => `${r.events}@${r.lastAt}`)));
    report('determinism', {
      files,
      zones: children.map((c) => `${c.tz ?? ''} (${-c.offsetMinutes / 60}h)`),
      results: children[0]?.results,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    });
  }, 120_000);

  it('tells states apart: without its last event, or with one amount changed by a thousandth, a history hashes differently', () => {
    const lines = linesOf('examples/retail.jsonl');
    const whole = hashOf(lines);
    expect(hashOf(lines.slice(0, -1))).not.toBe(whole);
    // An award no later line names (changing it leaves the history valid).
    const unnamedLater = (l: string, i: number): boolean => {
      const e = JSON.parse(l) as { type?: unknown; id?: unknown };
      return e.type === 'PointsAwarded' && !lines.slice(i + 1).some((later) => later.includes(`"${String(e.id)}"`));
    };
    const k = lines.length - 1 - [...lines].reverse().findIndex((l, j) => unnamedLater(l, lines.length - 1 - j));
    expect(k).toBeLessThan(lines.length);
    const award = JSON.parse(lines[k] as string) as { points: string };
    const changed = [...lines];
    changed[k] = JSON.stringify({ ...award, points: (Number(award.points) + 0.001).toFixed(3) });
    expect(hashOf(changed)).not.toBe(whole);
  });

  it('prints, for each file in order, its name, events, last time, counts of balances and lots and hash, guarded by default and naming its zone', () => {
    const c = child('America/St_Johns', undefined);
    expect([c.pure, c.tz, c.forbidden]).toEqual([true, 'America/St_Johns', []]);
    expect(c.guarded.every(([, guarded]) => guarded)).toBe(true);
    expect(c.results).toEqual(files.map(reportOf));
    expect(child('UTC', false).pure).toBe(false);
  });

  it("folds a log as the file store writes it: the batch member of a command's lines is not part of the event", () => {
    inTempDir((dir) => {
      const batched = path.join(dir, 'batched.jsonl');
      fs.writeFileSync(batched, linesOf('examples/demo.jsonl').map((l) => JSON.stringify({ ...(JSON.parse(l) as object), batch: '1/1' })).join('\n'));
      const r = run('UTC', undefined, [batched]);
      expect(r.status).toBe(0);
      expect((JSON.parse(r.stdout) as ChildReport).results).toEqual([{ ...reportOf('examples/demo.jsonl'), file: batched }]);
    });
  });

  it('exits with status 1, nothing on stdout and one line on stderr for a line the engine refuses (blank lines counted), a line that is not JSON, or a file it cannot read', () => {
    inTempDir((dir) => {
      const bad = path.join(dir, 'bad.jsonl');
      const lines = linesOf('examples/retail.jsonl');
      fs.writeFileSync(bad, `${lines[0] ?? ''}\n\n${JSON.stringify({ type: 'CustomerStatusChanged', id: 'zz', at: '2026-01-02T09:00:00Z', customerId: 'nobody', status: 'FRAUD' })}\n`);
      const r = run('UTC', undefined, [bad]);
      expect([r.status, r.stdout, r.stderr]).toEqual([1, '', `fold-hash: ${bad}:3: 816: Unable to find customer in this organization (id nobody)\n`]);
      fs.writeFileSync(bad, `${lines[0] ?? ''}\nnot json\n`);
      const notJson = run('UTC', undefined, [bad]);
      expect([notJson.status, notJson.stdout, notJson.stderr.split('\n').length]).toEqual([1, '', 2]);
      expect(notJson.stderr.startsWith(`fold-hash: ${bad}:2: not JSON (`)).toBe(true);
      const missing = run('UTC', undefined, [path.join(dir, 'missing.jsonl')]);
      expect([missing.status, missing.stdout, missing.stderr]).toEqual([1, '', `fold-hash: ${path.join(dir, 'missing.jsonl')}: cannot be read (ENOENT)\n`]);
    });
  });
});
