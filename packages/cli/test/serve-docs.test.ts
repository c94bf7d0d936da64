/**
 * docs/http.md's examples, run: `pointfold serve` over a copy of examples/demo.jsonl (with
 * --print-otp), then every `curl` block of the page in order, through bash, against it. The JSON block
 * that follows a curl block is the answer the page shows: the real answer must hold every field it
 * shows with the same value (a value written `"…"` stands for one that changes from run to run: ids,
 * dates, codes), and may hold more (the page abridges). `$OTP` is the last code the server printed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChildProcessWithoutNullStreams, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { buildCli, root } from './build';
import { startServe } from './serve-process';

const run = promisify(execFile);
const page = path.join(root, 'docs', 'http.md');

/** A curl example of the page and the answer shown after it. */
interface Example {
  readonly line: number;
  readonly command: string;
  readonly answer?: unknown;
}

/** The page's ```sh blocks that run curl, each with the ```json block that follows it (before the next sh block). */
const examplesOf = (text: string): Example[] => {
  const out: { line: number; command: string; answer?: unknown }[] = [];
  const blocks = [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)];
  for (const b of blocks) {
    const lang = b[1] ?? '';
    const body = b[2] ?? '';
    const line = text.slice(0, b.index).split('\n').length;
    if (lang === 'sh' && /^\s*curl /m.test(body) && !body.includes('pointfold serve')) out.push({ line, command: body });
    else if (lang === 'sh') continue;
    else if (lang === 'json') {
      const last = out[out.length - 1];
      if (last !== undefined && last.answer === undefined) last.answer = JSON.parse(body) as unknown;
    }
  }
  return out;
};

/** Why `actual` does not hold what `shown` shows, or undefined when it does. */
const mismatch = (shown: unknown, actual: unknown, at = '$'): string | undefined => {
  if (typeof shown === 'string' && shown.includes('…')) return actual === undefined ? `${at}: missing` : undefined;
  if (Array.isArray(shown)) {
    if (!Array.isArray(actual)) return `${at}: expected an array, got ${JSON.stringify(actual)}`;
    for (let i = 0; i < shown.length; i++) {
      const m = mismatch(shown[i], actual[i], `${at}[${i}]`);
      if (m !== undefined) return m;
    }
    return undefined;
  }
  if (typeof shown === 'object' && shown !== null) {
    if (typeof actual !== 'object' || actual === null) return `${at}: expected an object, got ${JSON.stringify(actual)}`;
    for (const [k, v] of Object.entries(shown)) {
      const m = mismatch(v, (actual as Record<string, unknown>)[k], `${at}.${k}`);
      if (m !== undefined) return m;
    }
    return undefined;
  }
  return shown === actual ? undefined : `${at}: the page shows ${JSON.stringify(shown)}, the server answered ${JSON.stringify(actual)}`;
};

let dir: string;
let child: ChildProcessWithoutNullStreams | undefined;
beforeAll(() => {
  buildCli();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pointfold-serve-docs-'));
}, 240_000);
afterAll(() => {
  child?.kill('SIGTERM');
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
});

it('every curl example of docs/http.md answers as the page shows, against a served copy of examples/demo.jsonl', async () => {
  const examples = examplesOf(fs.readFileSync(page, 'utf8'));
  expect(examples.length).toBeGreaterThanOrEqual(30);
  const file = path.join(dir, 'org.jsonl');
  fs.copyFileSync(path.join(root, 'examples', 'demo.jsonl'), file);
  const served = await startServe(file, '--print-otp');
  const c = served.child;
  child = c;
  const url = served.url;
  const failures: string[] = [];
  for (const e of examples) {
    const otps = [...served.stderr().matchAll(/^\{"otp":"(\w+)","customerId":"[^"]*"\}$/gm)];
    const otp = otps[otps.length - 1]?.[1] ?? '';
    // Only the served copy is ever sent anything: the page's address becomes the test server's.
    const command = e.command.split('http://127.0.0.1:8080').join(url);
    expect(command).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    let stdout: string;
    try {
      stdout = (await run('bash', ['-c', command], { encoding: 'utf8', env: { ...process.env, OTP: otp }, timeout: 20_000 })).stdout;
    } catch (err) {
      failures.push(`docs/http.md:${e.line}: the command failed: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    // The server prints a code on stderr before it answers: let its output arrive before the next example.
    await new Promise((resolve) => setTimeout(resolve, 20));
    let actual: unknown;
    try {
      actual = JSON.parse(stdout);
    } catch {
      failures.push(`docs/http.md:${e.line}: the answer is not JSON: ${stdout.slice(0, 200)}`);
      continue;
    }
    const m = e.answer === undefined ? undefined : mismatch(e.answer, actual);
    if (m !== undefined) failures.push(`docs/http.md:${e.line}: ${m} (the answer: ${stdout.slice(0, 400)})`);
  }
  expect(failures).toEqual([]);
  c.kill('SIGTERM');
  expect(await new Promise((resolve) => c.once('exit', resolve))).toBe(0);
  child = undefined;
}, 120_000);
