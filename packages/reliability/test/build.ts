/**
 * Builds this package and the domain packages it references (`tsc -b packages/reliability`), for the
 * child processes that load their `dist/`. One build at a time across test files and packages: it takes
 * the lock directory the command line's end-to-end tests take (`packages/cli/.e2e-build.lock`), since both
 * write the domain packages' `dist/`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

export const root = path.resolve(__dirname, '..', '..', '..');
const lock = path.join(root, 'packages', 'cli', '.e2e-build.lock');

const sleep = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/** Runs `npx tsc -b packages/reliability` at the repository's root under the lock; throws when the build fails. */
export const buildReliability = (): void => {
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
    const build = spawnSync('npx', ['tsc', '-b', 'packages/reliability'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`the build failed:\n${build.stdout}\n${build.stderr}`);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
};
