/**
 * Builds the packages for the end-to-end tests (`tsc -b packages/cli`), one build at a time: jest may
 * run two end-to-end files at once, and a build writing `dist/` while another file's test runs the
 * binary could hand it a half-written file. A lock directory beside the packages serialises them; a
 * build finds the other's work done and writes nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

export const root = path.resolve(__dirname, '..', '..', '..');
const lock = path.join(root, 'packages', 'cli', '.e2e-build.lock');

const sleep = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/**
 * Runs `npx tsc -b PROJECT` at the repository's root under the lock; throws when the build fails. Other
 * packages' end-to-end tests (the reliability suite's) build through this too, so that they share the lock.
 */
export const buildProject = (project: string): void => {
  const deadline = Date.now() + 230_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A lock older than any build is left over from a killed run.
      const held = fs.statSync(lock, { throwIfNoEntry: false });
      if (held === undefined) continue;
      if (Date.now() - held.mtimeMs > 240_000) fs.rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`another build holds ${lock}`);
      else sleep(200);
    }
  }
  try {
    const build = spawnSync('npx', ['tsc', '-b', project], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`the build failed:\n${build.stdout}\n${build.stderr}`);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
};

/** Builds the command line and every package it references. */
export const buildCli = (): void => buildProject('packages/cli');
