/**
 * `pointfold serve` in a child process, for the end-to-end tests of the server: started on a free port
 * of 127.0.0.1, ready once it says it is serving.
 */
import * as path from 'node:path';
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { root } from './build';

const bin = path.join(root, 'packages', 'cli', 'bin', 'pointfold.js');

/** A running server: its process, its address and what it has written to stderr so far. */
export interface Served {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  readonly stderr: () => string;
}

/** Starts `pointfold serve FILE --port 0 [ARGS]` and resolves once it is serving; rejects if it exits first or takes 30 s. */
export const startServe = (file: string, ...args: string[]): Promise<Served> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'serve', file, '--port', '0', ...args], { cwd: root });
    let err = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 30_000);
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString('utf8');
      const m = /pointfold: serving .* on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        resolve({ child, url: m[1], stderr: () => err });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before serving: ${err}`));
    });
  });
