/**
 * `pointfold serve` stopped with SIGTERM (and SIGINT) while requests are in flight: the requests it
 * had received are answered (their redemptions appended first), the process exits with status 0, the
 * lock file is gone, and the file replays to a balance that counts exactly the redemptions answered.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChildProcessWithoutNullStreams, spawnSync } from 'node:child_process';
import { buildCli, root } from './build';
import { startServe } from './serve-process';

const bin = path.join(root, 'packages', 'cli', 'bin', 'pointfold.js');

const historyText = [
  { type: 'OrgConfigured', id: 'h1', at: '2026-01-01T00:00:00Z', config: { ALLOW_SKIPPING_VALIDATION: true } },
  { type: 'ProgramDefined', id: 'h2', at: '2026-01-01T00:00:00Z', programId: 765, name: 'Main program' },
  { type: 'CustomerRegistered', id: 'h3', at: '2026-01-01T00:00:00Z', customerId: 'c1', identifiers: { mobile: '919000000001' } },
  { type: 'PointsAwarded', id: 'h4', at: '2026-01-01T00:00:00Z', entity: { type: 'CUSTOMER', id: 'c1' }, programId: 765, pointsCategory: 'Main', points: '100000' },
]
  .map((e) => `${JSON.stringify(e)}\n`)
  .join('');

/** A redemption of 1 point, on a connection of its own; resolves with the status, the code and when the answer came. */
const redeem = (url: string, id: string): Promise<{ status: number; code: unknown; at: number } | { error: string; at: number }> =>
  new Promise((resolve) => {
    const target = new URL('/v1.1/points/redeem?skip_validation=true', url);
    if (target.hostname !== '127.0.0.1') throw new Error('tests send only to 127.0.0.1');
    const req = http.request(target, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'x-request-id': id } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { response?: { responses?: { points?: { item_status?: { code?: unknown } } } } };
        resolve({ status: res.statusCode ?? 0, code: json.response?.responses?.points?.item_status?.code, at: Date.now() });
      });
      res.on('error', (e) => resolve({ error: e.message, at: Date.now() }));
    });
    req.on('error', (e) => resolve({ error: e.message, at: Date.now() }));
    req.end(JSON.stringify({ redeem: [{ points_redeemed: 1, customer: { mobile: '919000000001' } }] }));
  });

const exited = (child: ChildProcessWithoutNullStreams): Promise<number | null> =>
  new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

let dir: string;
beforeAll(() => {
  buildCli();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pointfold-serve-stop-'));
}, 240_000);
afterAll(() => {
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(['SIGTERM', 'SIGINT'] as const)('%s while requests are in flight', (signal) => {
  it('answers the requests in flight, exits 0, releases the lock, and the file counts exactly what was answered', async () => {
    const file = path.join(dir, `${signal}.jsonl`);
    fs.writeFileSync(file, historyText);
    const s = await startServe(file);
    expect(fs.existsSync(`${file}.lock`)).toBe(true);
    // 120 redemptions at once: the server answers them one by one, each after its fsync.
    const answers = Array.from({ length: 120 }, (_, i) => redeem(s.url, `${signal}-${i}`));
    await Promise.race(answers);
    const signalled = Date.now();
    s.child.kill(signal);
    const done = await Promise.all(answers);
    const status = await exited(s.child);

    expect(status).toBe(0);
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
    expect(s.stderr()).toMatch(new RegExp(`pointfold: ${signal}: stopping`));
    expect(s.stderr()).toMatch(/pointfold: stopped/);
    const answered = done.filter((a): a is { status: number; code: unknown; at: number } => 'status' in a && a.status === 200 && a.code === 800);
    // Requests the server had received when the signal came were answered after it: they were in flight.
    const afterSignal = answered.filter((a) => a.at >= signalled);
    expect(afterSignal.length).toBeGreaterThan(0);
    // Anything else was refused at the door (503 while closing, or the connection refused): never half done.
    for (const a of done) if (!('status' in a && a.status === 200)) expect('error' in a || a.status === 503).toBe(true);

    const replay = spawnSync(process.execPath, [bin, 'replay', file, '--json'], { cwd: root, encoding: 'utf8' });
    expect(replay.status).toBe(0);
    const main = (JSON.parse(replay.stdout) as { balances: { entityId: string; pointsCategory: string; closingBalance: string }[] }).balances.find(
      (b) => b.entityId === 'c1' && b.pointsCategory === 'Main',
    );
    expect(main?.closingBalance).toBe(`${100000 - answered.length}.000`);
    const refused = done.filter((a) => 'status' in a && a.status === 503).length;
    const cut = done.filter((a) => 'error' in a).length;
    console.info(`serve ${signal}: ${answered.length} of 120 answered (${afterSignal.length} after the signal), ${refused} answered 503 while closing, ${cut} connections not accepted; exit status ${status}`);
  }, 60_000);
});
