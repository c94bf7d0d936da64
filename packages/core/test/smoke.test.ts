import * as E from 'fp-ts/Either';
import { coreEngine, ts, Points, balanceAt, EventBase } from '@pointfold/core';

test('smoke', () => {
  const lines = [
    { type: 'ProgramDefined', id: 'p', at: '2026-01-01T00:00:00Z', programId: 765, name: 'Main program' },
    { type: 'CustomerRegistered', id: 'c', at: '2026-01-01T00:00:00Z', customerId: 'c1', identifiers: { mobile: '91' } },
    { type: 'PointsAwarded', id: 'a1', at: '2026-01-02T00:00:00Z', entity: { type: 'CUSTOMER', id: 'c1' }, programId: 765, pointsCategory: 'Main', points: '100.5', expiresAt: '2026-02-01T00:00:00Z' },
    { type: 'PointsAwarded', id: 'a2', at: '2026-01-03T00:00:00Z', entity: { type: 'CUSTOMER', id: 'c1' }, programId: 765, pointsCategory: 'Main', points: 20 },
  ];
  const r = coreEngine.replayer();
  for (const l of lines) {
    const x = r.pushJson(l);
    if (E.isLeft(x)) throw new Error(JSON.stringify(x.left));
  }
  const s = r.finish();
  const ref = { entityType: 'CUSTOMER' as const, entityId: 'c1', programId: 765, pointsCategory: 'Main' as const };
  expect(Points.format(balanceAt(s.ledger, ref, ts('2026-01-05T00:00:00Z')))).toBe('120.500');
  expect(Points.format(balanceAt(s.ledger, ref, ts('2026-02-05T00:00:00Z')))).toBe('20.000');
  let n = 0;
  const ex = coreEngine.execute(s, { type: 'ExpirePoints' }, { now: ts('2026-02-05T00:00:00Z'), newId: () => `x${n++}`, newToken: () => 't' });
  if (E.isLeft(ex)) throw new Error(JSON.stringify(ex.left));
  expect(ex.right.events.length).toBe(1);
  const s2 = ex.right.state;
  expect(Points.format(balanceAt(s2.ledger, ref, ts('2026-02-05T00:00:00Z')))).toBe('20.000');
  expect(Points.format(balanceAt(s2.ledger, ref, ts('2026-01-31T00:00:00Z')))).toBe('120.500');
  expect(Points.format(balanceAt(s2.ledger, ref, ts('2026-02-03T00:00:00Z')))).toBe('20.000');
  expect(Points.format(balanceAt(s.ledger, ref, ts('2026-02-05T00:00:00Z')))).toBe('20.000');
  console.log(JSON.stringify(ex.right.events.map((e: EventBase) => coreEngine.encodeEvent(e))));
  const dup = coreEngine.replay([...lines.map(l => { const d = coreEngine.decodeEvent(l); if (E.isLeft(d)) throw 0; return d.right; })].concat());
  expect(E.isRight(dup)).toBe(true);
  console.log(coreEngine.decodeEvent({ ...lines[2], points: '1.2345' }), coreEngine.decodeEvent({ ...lines[2], extra: 1 }));
});
