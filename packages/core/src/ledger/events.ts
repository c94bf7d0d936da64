/**
 * The core's ledger events: `PointsAwarded` and `PromisedPointsReleased` (reference events of
 * CONTRACT §1) and `PointsExpired`, which the engine appends when lots reach their expiry.
 * Their postings are checked by the engine like every movement (docs/events.md).
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import * as P from '../points/points';
import { formatTimestamp } from '../time/timestamp';
import { assert } from '../assert';
import { Id, IsoTimestamp, PositivePoints, ProgramId, Text, arrayOf, oneOf, struct } from '../codec';
import { eventCodec } from '../engine/event-codec';
import { defineEvent } from '../engine/module';
import { OrgState } from '../engine/state';
import { domainError, lotOverdrawn, unknownLot } from '../errors';
import { EntityType, entityTypes, isRedeemable } from './accounts';
import { Movement, PointsCategoryCodec, PostingCodec, TillCodec, TransactionRefCodec, systemPosting } from './postings';
import { Lot, accountOfLot, firstAccountRow, lotById, lotExpiresAt, lotRemainingAt, lotRowOfDebit, noRow } from './state';

export const EntityRefCodec = struct({ type: oneOf<EntityType>('EntityType', entityTypes), id: Id }, {}, {}, 'Entity');

export const PointsAwarded = eventCodec(
  'PointsAwarded',
  { entity: EntityRefCodec, programId: ProgramId, pointsCategory: PointsCategoryCodec, points: PositivePoints },
  { expiresAt: IsoTimestamp, eventName: Id, till: TillCodec, transaction: TransactionRefCodec, notes: Text },
);
export type PointsAwarded = t.TypeOf<typeof PointsAwarded>;

export const PromisedPointsReleased = eventCodec('PromisedPointsReleased', { lotId: Id }, { points: PositivePoints });
export type PromisedPointsReleased = t.TypeOf<typeof PromisedPointsReleased>;

export const PointsExpired = eventCodec('PointsExpired', { postings: arrayOf(PostingCodec) });
export type PointsExpired = t.TypeOf<typeof PointsExpired>;

/**
 * A manual deduction (an adjustment): entity lots to ADJUSTED. Its postings were planned by
 * `planDebit` when the `DeductPoints` command was decided.
 */
export const PointsDeducted = eventCodec(
  'PointsDeducted',
  { postings: arrayOf(PostingCodec) },
  { eventName: Id, reason: Text, till: TillCodec, transaction: TransactionRefCodec },
);
export type PointsDeducted = t.TypeOf<typeof PointsDeducted>;

/** The core's ledger events. */
export type LedgerEvent = PointsAwarded | PromisedPointsReleased | PointsExpired | PointsDeducted;

const ok = E.right(undefined);

/** The movement of an award: ISSUED gives the points to a new lot named by the event's id. */
export const awardMovement = (e: PointsAwarded): Movement => ({
  eventName: e.eventName ?? 'TransactionAdd',
  postings: [
    systemPosting('ISSUED', e.programId, e.pointsCategory, P.negate(e.points)),
    {
      entityType: e.entity.type,
      entityId: e.entity.id,
      programId: e.programId,
      pointsCategory: e.pointsCategory,
      points: e.points,
      lotId: e.id,
      expiresAt: e.expiresAt,
    },
  ],
  till: e.till,
  transaction: e.transaction,
});

export const pointsAwardedEvent = defineEvent<PointsAwarded>({
  type: 'PointsAwarded',
  codec: PointsAwarded,
  movement: awardMovement,
});

const releasedLot = (s: OrgState, e: PromisedPointsReleased): E.Either<ReturnType<typeof unknownLot>, Lot> => {
  const lot = lotById(s.ledger, e.lotId);
  if (lot === undefined) return E.left(unknownLot(e.lotId));
  const account = accountOfLot(s.ledger, lot);
  if (isRedeemable(account.pointsCategory)) return E.left(domainError(9908, `lot ${lot.id} is not in a promised points category`));
  if (lot.expiresAt !== undefined && lot.expiresAt <= e.at)
    return E.left(domainError(9906, `lot ${lot.id} expired at ${formatTimestamp(lot.expiresAt)}`));
  if (P.isZero(lot.remaining)) return E.left(lotOverdrawn(lot.id, P.format(lot.remaining), e.points === undefined ? 'all' : P.format(e.points)));
  if (e.points !== undefined && P.compare(e.points, lot.remaining) > 0)
    return E.left(lotOverdrawn(lot.id, P.format(lot.remaining), P.format(e.points)));
  return E.right(lot);
};

export const promisedPointsReleasedEvent = defineEvent<PromisedPointsReleased>({
  type: 'PromisedPointsReleased',
  codec: PromisedPointsReleased,
  check: (s, e) => E.map(() => undefined)(releasedLot(s, e)),
  movement: (e, s) => {
    const lot = lotById(s.ledger, e.lotId);
    assert(lot !== undefined, () => `release of unknown lot ${e.lotId}`);
    const account = accountOfLot(s.ledger, lot);
    const amount = e.points ?? lot.remaining;
    const ref = { entityType: account.entityType, entityId: account.entityId, programId: account.programId };
    return {
      eventName: 'DelayedAccrual',
      postings: [
        { ...ref, pointsCategory: account.pointsCategory, lotId: lot.id, points: P.negate(amount) },
        {
          ...ref,
          pointsCategory: 'Main',
          lotId: e.id,
          points: amount,
          ...(lot.expiresAt === undefined ? {} : { expiresAt: lot.expiresAt }),
        },
      ],
    };
  },
});

export const pointsExpiredEvent = defineEvent<PointsExpired>({
  type: 'PointsExpired',
  codec: PointsExpired,
  check: (s, e) => {
    let previous = noRow;
    for (const p of e.postings) {
      if (p.entityType === 'SYSTEM') {
        if (p.entityId !== 'EXPIRED') return E.left(domainError(9906, `an expiry posts only to EXPIRED, not ${p.entityId}`));
        continue;
      }
      // Read by row from the front of the lot's account queue, or next to the previous posting's lot, mostly (no lot is copied out).
      const lot = p.lotId === undefined ? noRow : lotRowOfDebit(s.ledger, firstAccountRow(s.ledger, p.entityType, p.entityId), p, p.lotId, previous);
      if (lot === noRow) return E.left(unknownLot(p.lotId ?? '(none)'));
      previous = lot;
      const expiresAt = lotExpiresAt(s.ledger, lot);
      if (expiresAt === undefined || expiresAt > e.at)
        return E.left(domainError(9906, `lot ${p.lotId ?? ''} is not due to expire at ${formatTimestamp(e.at)}`));
      const remaining = lotRemainingAt(s.ledger, lot);
      if (!P.equals(P.negate(p.points), remaining))
        return E.left(domainError(9906, `an expiry takes all of lot ${p.lotId ?? ''} (${P.format(remaining)}), not ${P.format(P.negate(p.points))}`));
    }
    return ok;
  },
  movement: (e) => ({ eventName: 'PointsExpiry', postings: e.postings, expiry: true }),
});

export const pointsDeductedEvent = defineEvent<PointsDeducted>({
  type: 'PointsDeducted',
  codec: PointsDeducted,
  check: (_s, e) => {
    for (const p of e.postings) {
      if (p.entityType === 'SYSTEM' ? p.entityId !== 'ADJUSTED' || P.isNegative(p.points) : P.isPositive(p.points))
        return E.left(domainError(9906, 'a deduction takes points from lots into ADJUSTED only'));
    }
    return ok;
  },
  movement: (e) => ({
    eventName: e.eventName ?? 'PointsDeduction',
    postings: e.postings,
    ...(e.till === undefined ? {} : { till: e.till }),
    ...(e.transaction === undefined ? {} : { transaction: e.transaction }),
  }),
});
