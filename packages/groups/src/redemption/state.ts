/**
 * The redemptions slice: every redemption by id and by transaction number, with the wallet it spent
 * and the lots it consumed. The reversal (transfers package) reads it to give points back to the
 * lots they came from; `evolve` only copies what the event says.
 */
import { Draft, EntityRef, PMap, Points, PointsAmount, Till, Timestamp, assert, defineSlice, getSlice, setSlice } from '@pointfold/core';
// Only the event's type: the event's definition imports this module for its fold.
import type { PointsRedeemed } from './events';

/** A part of a lot that a redemption consumed. */
export interface ConsumedLot {
  readonly lotId: string;
  readonly points: PointsAmount;
}

/** A redemption as the state keeps it. */
export interface Redemption {
  readonly redemptionId: string;
  /** The id of the `PointsRedeemed` event. */
  readonly eventId: string;
  readonly at: Timestamp;
  /** The initiator: the wallet's owner, or the group member who redeemed. */
  readonly customerId: string;
  readonly wallet: EntityRef;
  readonly groupRedemption: boolean;
  readonly programId: number;
  readonly points: PointsAmount;
  /** The lots consumed, in the order they were consumed. */
  readonly lots: readonly ConsumedLot[];
  readonly transactionNumber?: string;
  readonly purpose?: string;
  readonly till?: Till;
  readonly redeemedValue?: string;
}

/** The redemptions of an organisation. */
export interface RedemptionsState {
  readonly byId: PMap<Redemption>;
  /** transactionNumber -> redemption ids, in log order (one transaction may carry several). */
  readonly byTransaction: PMap<readonly string[]>;
  /** The id of each redemption's event -> the redemption's id (answers to retried requests). */
  readonly byEvent: PMap<string>;
}

export const redemptionsSlice = defineSlice<RedemptionsState>('redemptions', { byId: PMap.empty(), byTransaction: PMap.empty(), byEvent: PMap.empty() });

/** Records a redemption and the lots its postings consumed. */
export const recordRedemption = (d: Draft, e: PointsRedeemed): void => {
  const s = getSlice(d, redemptionsSlice);
  assert(!s.byId.has(e.redemptionId), () => `redemption ${e.redemptionId} recorded twice`);
  const lots: ConsumedLot[] = [];
  for (const p of e.postings) {
    if (p.entityType === 'SYSTEM') continue;
    assert(p.lotId !== undefined && Points.isNegative(p.points), () => `redemption ${e.redemptionId} has a wallet posting that takes no lot`);
    lots.push({ lotId: p.lotId, points: Points.negate(p.points) });
  }
  const r: Redemption = {
    redemptionId: e.redemptionId,
    eventId: e.id,
    at: e.at,
    customerId: e.customerId,
    wallet: { type: e.wallet.type, id: e.wallet.id },
    groupRedemption: e.groupRedemption,
    programId: e.programId,
    points: e.points,
    lots,
    ...(e.transactionNumber === undefined ? {} : { transactionNumber: e.transactionNumber }),
    ...(e.purpose === undefined ? {} : { purpose: e.purpose }),
    ...(e.till === undefined ? {} : { till: e.till }),
    ...(e.redeemedValue === undefined ? {} : { redeemedValue: e.redeemedValue }),
  };
  const n = e.transactionNumber;
  setSlice(d, redemptionsSlice, {
    byId: s.byId.set(r.redemptionId, r, d.edit),
    byTransaction: n === undefined ? s.byTransaction : s.byTransaction.set(n, [...(s.byTransaction.get(n) ?? []), r.redemptionId], d.edit),
    byEvent: s.byEvent.set(e.id, r.redemptionId, d.edit),
  });
};
