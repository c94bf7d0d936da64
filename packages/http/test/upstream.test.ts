/**
 * Regression tests of two bugs found in other packages while building the HTTP layer (both fixed
 * there; the HTTP layer's workarounds stay harmless).
 *
 * 1. @pointfold/transfers (the HTTP layer gives the check function the request without its id).
 * `isGroupTransferrable(engine, state, request, ctx)` takes every `right` of `engine.execute` for an
 * acceptance. A command that carries a request id and is refused comes back as a `right` holding
 * `refusal` (and the engine's record of it), so the function goes on to assert its own plan and throws
 * an InvariantViolation instead of answering the refusal. `IsGroupTransferrable`, which has a
 * `requestId`, is a `GroupTransferRequest`, so the compiler lets such a call through.
 * Fix (transfers/src/transfer/queries.ts): after `if (E.isLeft(verdict)) return verdict;`, add
 * `if (verdict.right.refusal !== undefined) return E.left(verdict.right.refusal);`, as `isTransferrable`
 * does (and, for a retried id, answer from `verdict.right.replayed` rather than planning again).
 *
 * 2. @pointfold/core and @pointfold/groups (the HTTP layer bounds `validity_minutes` to a day).
 * `IssueRedemptionCode {validityMinutes}` (and the core's `issueCode` under it) takes any number of
 * minutes: a large one gives a `OneTimeCodeIssued` whose `expiresAt` (year 192159) the engine's check lets
 * through (`IsoTimestamp.is` asks only for a safe integer) but its codec cannot read back, so the store
 * writes a line after which the history no longer replays. Fix: bound `validityMinutes` in `issueCode`
 * (a limit in core/src/limits.ts, refused with a DomainError), and make `IsoTimestamp.is` accept only the
 * times `formatTimestamp` writes and `parseTimestamp` reads (years 0000 to 9999), so that the engine's
 * check refuses any such event whatever command decided it.
 */
import * as E from 'fp-ts/Either';
import { ts } from '@pointfold/core';
import { IssueRedemptionCode } from '@pointfold/groups';
import { IsGroupTransferrable, isGroupTransferrable } from '@pointfold/transfers';
import { engine, seedStore } from './fixtures';

it('isGroupTransferrable answers a refused request that carries a request id with its refusal (422), not an exception', async () => {
  const store = await seedStore();
  const command: IsGroupTransferrable = {
    type: 'IsGroupTransferrable',
    requestId: 'check-1',
    programId: 765,
    transferredBy: { identifierType: 'mobile', identifierValue: '915410000000' },
    toEntity: { type: 'CUSTOMER', identifierType: 'mobile', identifierValue: '918410000000' },
    fromEntity: { type: 'USERGROUP2', identifierType: 'id', identifierValue: '1981' },
  };
  const ctx = { now: ts('2026-06-01T10:00:00Z'), newId: () => 'id-x', newToken: () => 'token' };
  let answer: E.Either<{ code: number }, unknown> | string;
  try {
    answer = isGroupTransferrable(engine, store.state, command, ctx);
  } catch (e) {
    answer = `threw: ${e instanceof Error ? e.message : String(e)}`;
  }
  expect(answer).toEqual(E.left(expect.objectContaining({ code: 422 })));
});

it('IssueRedemptionCode appends nothing that the history could not read back', async () => {
  const store = await seedStore();
  const command: IssueRedemptionCode = { type: 'IssueRedemptionCode', customer: { type: 'mobile', value: '919740000000' }, validityMinutes: 100_000_000_000 };
  let i = 0;
  const ctx = { now: ts('2026-06-01T10:00:00Z'), newId: () => `code-${++i}`, newToken: (kind: string) => (kind === 'otp' ? '123456' : 'salt') };
  const x = engine.execute(store.state, command, ctx);
  // Refused, or every event it decided reads back from its JSON line.
  const unreadable = E.isLeft(x) ? [] : x.right.events.filter((e) => E.isLeft(engine.decodeEvent(JSON.parse(JSON.stringify(engine.encodeEvent(e))))));
  expect(unreadable).toEqual([]);
});
