/**
 * `PointsRedemptionReversed`: points of one redemption given back. The event names the lots `decide`
 * chose to give back to (the lots the redemption consumed) and carries the postings the core's
 * `planRestore` makes of them: REDEEMED gives the points back to each lot, or to EXPIRED for a lot that
 * has expired by the event's time. Its check re-verifies both against the redemption, for commands and
 * imported histories alike.
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import {
  DomainError,
  EntityRefCodec,
  Id,
  OrgState,
  Points,
  PointsAmount,
  PositivePoints,
  Posting,
  PostingCodec,
  ProgramId,
  Text,
  arrayOf,
  defineEvent,
  eventCodec,
  formatTimestamp,
  getSlice,
  lotById,
  planRestore,
  struct,
} from '@pointfold/core';
import { Redemption, redemptionOf } from '@pointfold/groups';
import { duplicateDefinition, invalidPosting, redemptionNotFound, reversalMismatch } from '../errors';
import { noReversals, recordReversal, restoredFrom, reversalsSlice } from './state';

/** The ledger event name of a reversal (seed 004's ledger entries). */
export const reversalEventName = 'PointsRedemptionReversal';

/** A part of a lot given back. */
export const RestorationCodec = struct({ lotId: Id, points: PositivePoints }, {}, {}, 'Restoration');

/**
 * Points of a redemption given back: `lots` says how much of each lot it consumed, `postings` are
 * `planRestore`'s postings of those parts at the event's time. `transactionNumber` is set when
 * RevertRedemption reversed the whole transaction.
 */
export const PointsRedemptionReversed = eventCodec(
  'PointsRedemptionReversed',
  {
    reversalId: Id,
    redemptionId: Id,
    customerId: Id,
    wallet: EntityRefCodec,
    programId: ProgramId,
    points: PositivePoints,
    lots: arrayOf(RestorationCodec),
    postings: arrayOf(PostingCodec),
  },
  { transactionNumber: Text, notes: Text },
);
/** The decoded `PointsRedemptionReversed` event. */
export type PointsRedemptionReversed = t.TypeOf<typeof PointsRedemptionReversed>;

/** The reversal events. */
export type ReversalEvent = PointsRedemptionReversed;

const ok: E.Either<DomainError, void> = E.right(undefined);

const postingText = (p: Posting): string =>
  [p.entityType, p.entityId, p.programId, p.pointsCategory, Points.format(p.points), p.lotId ?? '', p.expiresAt === undefined ? '' : formatTimestamp(p.expiresAt)].join('|');

/** Each lot named was consumed by the redemption, once, for no more than is still to give back; together they make `points`. */
const checkLots = (s: OrgState, r: Redemption, e: PointsRedemptionReversed): DomainError | undefined => {
  const done = getSlice(s, reversalsSlice).byRedemption.get(r.redemptionId) ?? noReversals;
  const left = Points.sub(r.points, done.reversed);
  if (Points.compare(e.points, left) > 0) return reversalMismatch(Points.format(e.points), Points.format(left));
  const seen = new Set<string>();
  let total: PointsAmount = Points.zero;
  for (const l of e.lots) {
    if (seen.has(l.lotId)) return invalidPosting(`lot ${l.lotId} is named twice in reversal ${e.reversalId}`);
    seen.add(l.lotId);
    const consumed = Points.sum(r.lots.filter((x) => x.lotId === l.lotId).map((x) => x.points));
    if (Points.isZero(consumed)) return invalidPosting(`redemption ${r.redemptionId} took nothing from lot ${l.lotId}`);
    const restorable = Points.sub(consumed, restoredFrom(done, l.lotId));
    if (Points.compare(l.points, restorable) > 0)
      return reversalMismatch(`${Points.format(l.points)} to lot ${l.lotId}`, Points.format(restorable));
    if (lotById(s.ledger, l.lotId) === undefined) return invalidPosting(`lot ${l.lotId} does not exist`);
    total = Points.add(total, l.points);
  }
  if (!Points.equals(total, e.points)) return invalidPosting(`a reversal of ${Points.format(e.points)} names lots for ${Points.format(total)}`);
  return undefined;
};

const checkReversed = (s: OrgState, e: PointsRedemptionReversed): E.Either<DomainError, void> => {
  if (getSlice(s, reversalsSlice).byId.has(e.reversalId)) return E.left(duplicateDefinition(`reversal ${e.reversalId}`));
  const r = redemptionOf(s, e.redemptionId);
  if (r === undefined) return E.left(redemptionNotFound(e.redemptionId));
  if (e.customerId !== r.customerId || e.wallet.type !== r.wallet.type || e.wallet.id !== r.wallet.id || e.programId !== r.programId)
    return E.left(invalidPosting(`a reversal of redemption ${r.redemptionId} names its customer ${r.customerId}, wallet ${r.wallet.type} ${r.wallet.id} and program ${r.programId}`));
  if (e.transactionNumber !== undefined && e.transactionNumber !== r.transactionNumber)
    return E.left(invalidPosting(`redemption ${r.redemptionId} was not recorded with transaction number ${e.transactionNumber}`));
  const bad = checkLots(s, r, e);
  if (bad !== undefined) return E.left(bad);
  // The postings are exactly what planRestore makes of the lots at this time: to each lot, or to EXPIRED.
  const expected = planRestore(s.ledger, e.lots, e.at).map(postingText);
  const given = e.postings.map(postingText);
  if (expected.length !== given.length || expected.some((p, i) => p !== given[i]))
    return E.left(invalidPosting(`the postings of reversal ${e.reversalId} are not REDEEMED back to the lots named (expired ones to EXPIRED)`));
  return ok;
};

/** The definition the engine registers: codec, check, movement (REDEEMED back to lots or EXPIRED), evolve. */
export const pointsRedemptionReversedEvent = defineEvent<PointsRedemptionReversed>({
  type: 'PointsRedemptionReversed',
  codec: PointsRedemptionReversed,
  check: checkReversed,
  movement: (e, s) => {
    // The ledger entry shows the redemption's transaction, as the redemption's own entry does.
    const n = redemptionOf(s, e.redemptionId)?.transactionNumber;
    return { eventName: reversalEventName, postings: e.postings, ...(n === undefined ? {} : { transaction: { number: n } }) };
  },
  evolve: recordReversal,
});
