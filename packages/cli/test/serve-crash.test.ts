/**
 * `pointfold serve` killed with SIGKILL under load, and restarted: every redemption it acknowledged
 * is in the file (its `PointsRedeemed` and the `CommandRecorded` of its request id), nothing is half
 * there (the restarted store cuts a torn append off; the file then replays, and every append in it is
 * whole), a retried request id answers its first outcome, and `pointfold replay FILE --json` agrees
 * with the balances the restarted server answers over HTTP. Three rounds of load, kill and restart.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChildProcessWithoutNullStreams, spawnSync } from 'node:child_process';
import { buildCli, root } from './build';
import { startServe } from './serve-process';

const bin = path.join(root, 'packages', 'cli', 'bin', 'pointfold.js');
const customers = Array.from({ length: 8 }, (_, i) => ({ id: `cust-${i}`, mobile: `9190000000${String(i).padStart(2, '0')}` }));
const initialPoints = 100_000;

/** A history in the reference shapes of CONTRACT §1: skipping validation allowed, one program, eight customers with points. */
const historyText = (): string =>
  [
    { type: 'OrgConfigured', id: 'h1', at: '2026-01-01T00:00:00Z', config: { ALLOW_SKIPPING_VALIDATION: true } },
    { type: 'ProgramDefined', id: 'h2', at: '2026-01-01T00:00:00Z', programId: 765, name: 'Main program' },
    ...customers.flatMap((c, i) => [
      { type: 'CustomerRegistered', id: `h-c${i}`, at: '2026-01-01T00:00:00Z', customerId: c.id, identifiers: { mobile: c.mobile } },
      { type: 'PointsAwarded', id: `h-a${i}`, at: '2026-01-01T00:00:00Z', entity: { type: 'CUSTOMER', id: c.id }, programId: 765, pointsCategory: 'Main', points: String(initialPoints) },
    ]),
  ]
    .map((e) => `${JSON.stringify(e)}\n`)
    .join('');

/** A request to 127.0.0.1 (only), each on a connection of its own. */
const request = (url: string, method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> =>
  new Promise((resolve, reject) => {
    const target = new URL(p, url);
    if (target.hostname !== '127.0.0.1') throw new Error('tests send only to 127.0.0.1');
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(target, { method, agent: false, headers: { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
        } catch (e) {
          reject(e);
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });

const itemOf = (json: unknown): Record<string, unknown> => {
  const r = (json as { response?: { responses?: { points?: Record<string, unknown> } } }).response?.responses?.points;
  return r ?? {};
};

const exited = (child: ChildProcessWithoutNullStreams): Promise<number | null> =>
  new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

/** The file's lines as JSON (a torn last line, if any, is left out: the restarted store cuts it off). */
const linesOf = (file: string): Record<string, unknown>[] =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });

let dir: string;
beforeAll(() => {
  buildCli();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pointfold-serve-crash-'));
}, 240_000);
afterAll(() => {
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
});

it('keeps every acknowledged redemption and no half append across three SIGKILLs under load', async () => {
  const file = path.join(dir, 'org.jsonl');
  fs.writeFileSync(file, historyText());
  const acknowledged = new Map<string, { redemptionId: string; mobile: string }>(); // by request id
  let sent = 0;
  const figures: string[] = [];
  let torn = 0;
  for (let round = 0; round < 3; round++) {
    const s = await startServe(file);
    if (/removed an incomplete/.test(s.stderr())) torn++;
    let stop = false;
    let failed = 0;
    // 16 clients, each sending redemptions of 1 point one after another, until the kill.
    const clients = Array.from({ length: 16 }, async (_, k) => {
      while (!stop) {
        const n = ++sent;
        const id = `crash-${n}`;
        const c = customers[(n + k) % customers.length] as { mobile: string };
        try {
          const a = await request(s.url, 'POST', '/v1.1/points/redeem?skip_validation=true', { redeem: [{ points_redeemed: 1, customer: { mobile: c.mobile } }] }, { 'x-request-id': id });
          const item = itemOf(a.json);
          if (a.status === 200 && typeof item.redemption_id === 'string') acknowledged.set(id, { redemptionId: item.redemption_id, mobile: c.mobile });
        } catch {
          failed++; // the connection died with the server: not acknowledged
        }
      }
    });
    // Kill once a round's worth of redemptions were acknowledged (or after 2 s at most).
    const target = acknowledged.size + 150;
    const deadline = Date.now() + 2_000;
    while (acknowledged.size < target && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    stop = true;
    s.child.kill('SIGKILL');
    await exited(s.child);
    await Promise.all(clients);
    figures.push(`round ${round + 1}: ${acknowledged.size} acknowledged in all, ${failed} requests cut by the kill`);
  }

  // Restart: the store cuts off an append the kill left incomplete; the history then replays.
  const s = await startServe(file);
  if (/removed an incomplete/.test(s.stderr())) torn++;
  try {
    const events = linesOf(file);
    const redeemed = new Set(events.filter((e) => e.type === 'PointsRedeemed').map((e) => e.redemptionId));
    const recorded = new Map(events.filter((e) => e.type === 'CommandRecorded').map((e) => [e.requestId, e.eventIds as string[]]));
    // Every acknowledged request is there, with its redemption.
    for (const [id, { redemptionId }] of acknowledged) {
      expect(redeemed.has(redemptionId)).toBe(true);
      expect(recorded.has(id)).toBe(true);
    }
    // Nothing is half there: every redemption has its request's record and every record its events.
    const ids = new Set(events.map((e) => e.id));
    for (const e of events.filter((x) => x.type === 'PointsRedeemed')) expect([...recorded.values()].some((evs) => evs.includes(e.id as string))).toBe(true);
    for (const evs of recorded.values()) for (const id of evs) expect(ids.has(id)).toBe(true);
    for (const e of events) expect(e.batch === undefined || /^\d+\/\d+$/.test(String(e.batch))).toBe(true);

    // A retried request id answers its first outcome and appends nothing.
    const [someId, first] = [...acknowledged][0] as [string, { redemptionId: string; mobile: string }];
    const lines = events.length;
    const again = await request(s.url, 'POST', '/v1.1/points/redeem?skip_validation=true', { redeem: [{ points_redeemed: 1, customer: { mobile: first.mobile } }] }, { 'x-request-id': someId });
    expect(itemOf(again.json).redemption_id).toBe(first.redemptionId);
    expect(linesOf(file).length).toBe(lines);

    // The replay agrees with the restarted server's balances, and accounts for every redemption in the file.
    const replay = spawnSync(process.execPath, [bin, 'replay', file, '--json'], { cwd: root, encoding: 'utf8' });
    expect(replay.status).toBe(0);
    const rows = (JSON.parse(replay.stdout) as { balances: { entityId: string; programId: number; pointsCategory: string; closingBalance: string }[] }).balances;
    let spent = 0;
    for (const c of customers) {
      const a = await request(s.url, 'GET', `/v2/pointsLedger/getCustomerLedgerBalance?identifierName=mobile&identifierValue=${c.mobile}&source=INSTORE`);
      const served = (a.json as { ledgerDetails: { ledgerClosingBalance: { programId: number; pointsCategory: string; closingBalance: string }[] } }).ledgerDetails.ledgerClosingBalance.find(
        (b) => b.programId === 765 && b.pointsCategory === 'Main',
      );
      const replayed = rows.find((b) => b.entityId === c.id && b.programId === 765 && b.pointsCategory === 'Main');
      expect(served?.closingBalance).toBe(replayed?.closingBalance);
      spent += initialPoints - Number(replayed?.closingBalance);
    }
    expect(spent).toBe(redeemed.size);
    expect(redeemed.size).toBeGreaterThanOrEqual(acknowledged.size);
    console.info(`serve crash: ${figures.join('; ')}; ${redeemed.size} redemptions in the file (${redeemed.size - acknowledged.size} complete but unacknowledged); ${torn} restarts cut a torn append off`);
  } finally {
    s.child.kill('SIGTERM');
    expect(await exited(s.child)).toBe(0);
  }
}, 120_000);
