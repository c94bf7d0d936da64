/**
 * The state digest of a small history, line by line: what each part of it holds, so that a digest
 * which forgot a part (a lot's expiry, the system accounts, the reference data) would be seen here and
 * not only as a changed hash across processes.
 */
import { createHash } from 'node:crypto';
import * as E from 'fp-ts/Either';
import { OrgState } from '@pointfold/core';
import { createDomainEngine, digestHash, stateDigest } from '@pointfold/reliability';

const at = '2026-03-01T10:00:00Z';
const base = [
  { type: 'ProgramDefined', id: 'p1', at, programId: 765, name: 'Main program', isDefault: true },
  { type: 'CustomerRegistered', id: 'r1', at, customerId: 'c1', identifiers: { mobile: '91974' } },
  { type: 'CustomerRegistered', id: 'r2', at, customerId: 'c0', identifiers: { mobile: '91975' } },
  { type: 'PointsAwarded', id: 'b1', at, entity: { type: 'CUSTOMER', id: 'c1' }, programId: 765, pointsCategory: 'Main', points: '10.500', expiresAt: '2026-04-01T00:00:00Z' },
  { type: 'PointsAwarded', id: 'a2', at: '2026-03-01T11:00:00Z', entity: { type: 'CUSTOMER', id: 'c1' }, programId: 765, pointsCategory: 'Main', points: '2.000' },
  {
    type: 'PointsExpired',
    id: 'x1',
    at: '2026-04-01T00:00:00Z',
    postings: [
      { entityType: 'CUSTOMER', entityId: 'c1', programId: 765, pointsCategory: 'Main', points: '-10.500', lotId: 'b1' },
      { entityType: 'SYSTEM', entityId: 'EXPIRED', programId: 765, pointsCategory: 'Main', points: '10.500' },
    ],
  },
  { type: 'PointsAwarded', id: 'a3', at: '2026-04-01T00:00:00Z', entity: { type: 'CUSTOMER', id: 'c0' }, programId: 765, pointsCategory: 'Main', points: '1.000' },
];

const folded = (lines: readonly unknown[]): OrgState => {
  const replayer = createDomainEngine().replayer();
  for (const line of lines) {
    const pushed = replayer.pushJson(line);
    if (E.isLeft(pushed)) throw new Error(typeof pushed.left === 'string' ? pushed.left : pushed.left.message);
  }
  return replayer.finish();
};

describe('the state digest', () => {
  // Lot b1 and account c1 come before a3 and c0 in the log: the digest sorts them.
  it('holds the balances, the lots with their expiry, the lines, the system accounts and the event ids, sorted', () => {
    const d = stateDigest(folded(base));
    expect({ ...d, org: undefined, slices: undefined }).toEqual({
      events: 7,
      lastAt: '2026-04-01T00:00:00Z',
      balances: ['CUSTOMER|c0|765|Main|1.000', 'CUSTOMER|c1|765|Main|2.000'],
      lots: [
        'a2|CUSTOMER:c1|765|Main|2.000|2.000|-|-',
        'a3|CUSTOMER:c0|765|Main|1.000|1.000|-|-',
        'b1|CUSTOMER:c1|765|Main|10.500|0.000|2026-04-01T00:00:00Z|2026-04-01T00:00:00Z 10.500',
      ],
      lines: [
        'CUSTOMER:c0|765|Main|a3|2026-04-01T00:00:00Z|1.000|1.000',
        'CUSTOMER:c1|765|Main|b1|2026-03-01T10:00:00Z|10.500|10.500',
        'CUSTOMER:c1|765|Main|a2|2026-03-01T11:00:00Z|2.000|12.500',
        'CUSTOMER:c1|765|Main|x1|2026-04-01T00:00:00Z|-10.500|2.000',
      ],
      system: ['EXPIRED|765|Main|10.500', 'ISSUED|765|Main|-13.500'],
      eventIds: ['a2', 'a3', 'b1', 'p1', 'r1', 'r2', 'x1'],
      org: undefined,
      slices: undefined,
    });
  });

  it('tells apart two states that differ only in the reference data, and writes it canonically', () => {
    const statusLine = (status: string) => ({ type: 'CustomerStatusChanged', id: 's1', at: '2026-04-01T00:00:00Z', customerId: 'c1', status });
    const fraud = stateDigest(folded([...base, statusLine('FRAUD')]));
    const active = stateDigest(folded([...base, statusLine('ACTIVE')]));
    expect({ ...fraud, org: undefined }).toEqual({ ...active, org: undefined });
    expect(fraud.org).not.toBe(active.org);
    expect(digestHash(fraud)).not.toBe(digestHash(active));
    expect(fraud.org).toContain('"status":"FRAUD"');
    // Persistent maps are written as sorted entries: c0 before c1, though c1 registered first.
    expect(fraud.org).toMatch(/"customers":\{"\$map":\[\["c0",.*\["c1",/);
  });

  it("hashes the digest's JSON text with SHA-256, written in hex", () => {
    const d = stateDigest(folded(base));
    expect(digestHash(d)).toBe(createHash('sha256').update(JSON.stringify(d)).digest('hex'));
  });

  it('digests an empty log: no events, no time, nothing held, no slice', () => {
    const d = stateDigest(folded([]));
    expect({ ...d, org: undefined }).toEqual({ events: 0, lastAt: null, balances: [], lots: [], lines: [], system: [], eventIds: [], org: undefined, slices: {} });
  });

  it('does not depend on the order in which the slices were first written: the slices are keyed in sorted order', () => {
    const group = { type: 'UserGroupCreated', id: 'g1', at: '2026-04-01T00:00:00Z', groupId: 'g1', groupType: 'FLEET', primaryUserId: 'c1' };
    const code = {
      type: 'OneTimeCodeIssued',
      id: 'k1',
      at: '2026-04-01T00:00:00Z',
      codeId: 'k1',
      customerId: 'c0',
      purpose: 'TRANSFER',
      hash: 'h1',
      salt: 's1',
      expiresAt: '2026-04-01T00:15:00Z',
    };
    const groupFirst = stateDigest(folded([...base, group, code]));
    const codeFirst = stateDigest(folded([...base, code, group]));
    expect(Object.keys(codeFirst.slices)).toEqual(['groups', 'otp']);
    expect(digestHash(codeFirst)).toBe(digestHash(groupFirst));
  });

  it("tells apart two states that differ only in a package's slice", () => {
    const groupLines = (name: string) => [
      { type: 'OrgConfigured', id: 'o1', at: '2026-04-01T00:00:00Z', config: { ENABLE_USER_GROUP_LOYALTY: true } },
      { type: 'UserGroupCreated', id: 'g1', at: '2026-04-01T00:00:00Z', groupId: 'g1', groupType: 'FRIENDS_AND_FAMILY', primaryUserId: 'c1', externalId: 'fam1', name },
    ];
    const smiths = stateDigest(folded([...base, ...groupLines('Smith family')]));
    const joneses = stateDigest(folded([...base, ...groupLines('Jones family')]));
    expect({ ...smiths, slices: undefined }).toEqual({ ...joneses, slices: undefined });
    expect(Object.keys(smiths.slices)).toEqual(['groups']);
    expect(smiths.slices.groups).toContain('"Smith family"');
    expect(digestHash(smiths)).not.toBe(digestHash(joneses));
  });
});
