import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/Either';
import { Points, accepted, balanceAt, coreModule, createEngine, ts } from '@pointfold/core';
import { RedeemPoints, groupsModule } from '@pointfold/groups';
import { transfersModule } from '@pointfold/transfers';
import { rewardsModule } from '@pointfold/rewards';

const engine = createEngine([coreModule, groupsModule, transfersModule, rewardsModule]);

// Fold a history (JSON lines), every event checked; a bad line is a value, never a throw.
const lines = readFileSync('examples/demo.jsonl', 'utf8').split('\n').filter((l) => l !== '');
const r = engine.replayer();
for (const line of lines) {
  const pushed = r.pushJson(JSON.parse(line));
  if (E.isLeft(pushed)) throw new Error(`bad line: ${JSON.stringify(pushed.left)}`);
}
const state = r.finish();

// The balance of an account at a date (expired lots are never counted).
const balance = balanceAt(
  state.ledger,
  { entityType: 'CUSTOMER', entityId: '502522200', programId: 1745, pointsCategory: 'Main' },
  ts('2026-03-01T00:00:00Z'),
);
console.log(Points.format(balance)); // "303.000"

// Commands: time, ids and secrets come in; a refusal is a value and changes nothing. skipValidation is
// honoured because the demo organisation sets ALLOW_SKIPPING_VALIDATION; otherwise pass a validationCode.
const redeem: RedeemPoints = {
  type: 'RedeemPoints',
  customer: { type: 'mobile', value: '919740010000' },
  points: Points.points('50'),
  programId: 1745,
  skipValidation: true,
};
const done = engine.execute(state, redeem, { now: ts('2026-07-16T10:00:00Z'), newId: () => randomUUID(), newToken: () => randomUUID() });
// done.right.events are what to append to the log (InMemoryEventStore, or the CLI's JsonlFileStore), and
// done.right.state is the state after them. A refusal is E.left(DomainError) with the seed's code, or,
// when the engine records it (a wrong code's counted try, a refused request id), E.right with
// done.right.refusal set and its events still to append. accepted(done) is a Left for both.
const outcome = accepted(done);
console.log(E.isRight(outcome) ? outcome.right.events.map((e) => e.type) : outcome.left.code); // [ 'PointsRedeemed' ]
