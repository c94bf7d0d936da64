/**
 * Questions about redemptions, answered from folded state: a redemption by id, the redemptions of a
 * transaction number (what the reversal reads), and the answer a redeem call gives (seed 001's
 * `redemption_id`, `points_redeemed`, `redeemed_value`, `balance`).
 */
import { AccountRef, EntityRef, OrgState, PointsAmount, assert, balanceAfterEvent, getSlice, spendableAt } from '@pointfold/core';
import { PointsRedeemed } from './events';
import { Redemption, redemptionsSlice } from './state';

/** A redemption by its id, if any. */
export const redemptionOf = (s: OrgState, redemptionId: string): Redemption | undefined => getSlice(s, redemptionsSlice).byId.get(redemptionId);

/** The redemptions recorded with a transaction number, in log order (none when unknown). */
export const redemptionsByTransaction = (s: OrgState, transactionNumber: string): readonly Redemption[] =>
  (getSlice(s, redemptionsSlice).byTransaction.get(transactionNumber) ?? []).flatMap((id) => {
    const r = redemptionOf(s, id);
    return r === undefined ? [] : [r];
  });

/** The redemption a `PointsRedeemed` event recorded, by the event's id (a retried request knows only that). */
export const redemptionByEvent = (s: OrgState, eventId: string): Redemption | undefined => {
  const id = getSlice(s, redemptionsSlice).byEvent.get(eventId);
  return id === undefined ? undefined : redemptionOf(s, id);
};

/** The redeemable (Main) account of a wallet in a program. */
export const walletAccount = (wallet: EntityRef, programId: number): AccountRef => ({
  entityType: wallet.type,
  entityId: wallet.id,
  programId,
  pointsCategory: 'Main',
});

/** What a redeem call answers. */
export interface RedemptionAnswer {
  readonly redemptionId: string;
  readonly pointsRedeemed: PointsAmount;
  readonly redeemedValue?: string;
  /** The wallet's spendable Main points in the program after the redemption. */
  readonly balance: PointsAmount;
}

/**
 * The answer to a redemption, read from the state after its event.
 * @example const done = engine.execute(state, redeem, ctx); redemptionAnswer(done.right.state, redeemedEvent)
 */
export const redemptionAnswer = (s: OrgState, e: PointsRedeemed): RedemptionAnswer => ({
  redemptionId: e.redemptionId,
  pointsRedeemed: e.points,
  ...(e.redeemedValue === undefined ? {} : { redeemedValue: e.redeemedValue }),
  balance: spendableAt(s.ledger, walletAccount(e.wallet, e.programId), e.at),
});

/**
 * The answer to a redemption, from its record: what the redeem call answered, for a retried request too
 * (the balance is the wallet's right after the redemption, not today's: decision 71).
 * @example const r = redemptionByEvent(state, eventId); if (r !== undefined) redemptionRecordAnswer(state, r)
 */
export const redemptionRecordAnswer = (s: OrgState, r: Redemption): RedemptionAnswer => {
  const balance = balanceAfterEvent(s.ledger, walletAccount(r.wallet, r.programId), r.eventId, r.at);
  assert(balance !== undefined, () => `redemption ${r.redemptionId} has no line in its wallet's Main account`);
  return {
    redemptionId: r.redemptionId,
    pointsRedeemed: r.points,
    ...(r.redeemedValue === undefined ? {} : { redeemedValue: r.redeemedValue }),
    balance,
  };
};
