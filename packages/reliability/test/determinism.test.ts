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
import { report } from './world';

const files = ['examples/retail.jsonl', 'examples/demo.jsonl'];
const script = path.join(root, 'packages', 'reliability', 'bin', 'fold-hash.js');
const zones = ['UTC', 'Pacific/Kiritimati', 'America/St_Johns'];

interface ChildReport {
  readonly pure: boolean;
  readonly tz: string | null;
  readonly offsetMinutes: number;
  readonly guarded: readonly (readonly [string, boolean])[];
  readonly forbidden: readonly string[];
  readonly results: readonly { readonly file: string; readonly events: number; readonly lastAt: string; readonly balances: number; readonly lots: number; readonly hash: string }[];
}

const child = (tz: string, pure: boolean): ChildReport => {
  const r = spawnSync(process.execPath, [script, ...files], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TZ: tz, POINTFOLD_FOLD_HASH_PURE: pure ? '1' : '0' },
  });
  if (r.status !== 0) throw new Error(`fold-hash (TZ=${tz}) exited with ${String(r.status)}:\n${r.stderr}`);
  return JSON.parse(r.stdout) as ChildReport;
};

/** The digest's hash of a history's lines, folded in this process from the TypeScript sources. */
const hashOf = (lines: readonly string[]): string => {
  const replayer = createDomainEngine().replayer();
  for (const line of lines) {
    const pushed = replayer.pushJson(JSON.parse(line));
    if (E.isLeft(pushed)) throw new Error(typeof pushed.left === 'string' ? pushed.left : pushed.left.message);
  }
  return digestHash(stateDigest(replayer.finish()));
};
const linesOf = (file: string): string[] => fs.readFileSync(path.join(root, file), 'utf8').split('\n').filter((l) => l.trim() !== '');

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
});
