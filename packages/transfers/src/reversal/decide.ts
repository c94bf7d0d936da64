/**
 * Where a reversal is decided. ReverseRedemption checks a request in the order docs/decisions.md gives
 * (901, 905, 902, 904, 3802, 810) and chooses the lots to give back to: those the redemption consumed,
 * newest expiry first (never-expiring lots first of all), so that a partial reversal gives back the
 * points that would last longest. RevertRedemption does the same, in full, for every redemption of a
 * transaction number (811, 905, 812, 814).
 */
import * as E from 'fp-ts/Either';
import {
  CommandContext,
  CustomerIdentifierType,
  DomainError,
  OrgState,
  Points,
  PointsAmount,
  Restoration,
  assert,
  defineCommand,
  findCustomer,
  getSlice,
  lotById,
  planRestore,
} from '@pointfold/core';
import { Redemption, redemptionOf, redemptionsByTransaction } from '@pointfold/groups';
import {
  alreadyReversed,
  alreadyReverted,
  invalidCustomerDetails,
  invalidReversalRequest,
  invalidTransactionNumber,
  nothingRedeemedOnTransaction,
  redemptionNotFound,
  reversalDisabled,
  reversalMismatch,
} from '../errors';
import { identifierValueOf, isObject, shown } from '../transfer/entities';
import { RevertRedemption, ReverseRedemption } from './commands';
import { PointsRedemptionReversed } from './events';
import { RedemptionReversals, noReversals, restoredFrom, reversalsSlice } from './state';

/** Identifier types a reversal names the redemption's customer by (seed 004: mobile, email, externalId; and id). */
export const reversalIdentifierTypes: readonly CustomerIdentifierType[] = ['mobile', 'email', 'externalId', 'id'];

/** What has been reversed of a redemption so far. */
export const reversalsOf = (s: OrgState, redemptionId: string): RedemptionReversals =>
  getSlice(s, reversalsSlice).byRedemption.get(redemptionId) ?? noReversals;

/** The points of a redemption still to reverse. */
export const reversibleOf = (s: OrgState, r: Redemption): PointsAmount => Points.sub(r.points, reversalsOf(s, r.redemptionId).reversed);

/**
 * The parts of lots that give back `amount` of a redemption: each lot it consumed, for what is still to
 * give back of it, newest expiry first (never-expiring first of all), then the last consumed first.
 */
export const restorationsOf = (s: OrgState, r: Redemption, amount: PointsAmount): readonly Restoration[] => {
  const done = reversalsOf(s, r.redemptionId);
  const lots: { lotId: string; left: PointsAmount; expiresAt: number; order: number }[] = [];
  r.lots.forEach((l, order) => {
    const at = lots.find((x) => x.lotId === l.lotId);
    if (at !== undefined) {
      at.left = Points.add(at.left, l.points);
      return;
    }
    const lot = lotById(s.ledger, l.lotId);
    assert(lot !== undefined, () => `redemption ${r.redemptionId} names missing lot ${l.lotId}`);
    lots.push({ lotId: l.lotId, left: Points.sub(l.points, restoredFrom(done, l.lotId)), expiresAt: lot.expiresAt ?? Number.POSITIVE_INFINITY, order });
  });
  lots.sort((a, b) => b.expiresAt - a.expiresAt || b.order - a.order);
  const out: Restoration[] = [];
  let need = amount;
  for (const l of lots) {
    if (Points.isZero(need)) break;
    if (!Points.isPositive(l.left)) continue;
    const take = Points.min(l.left, need);
    out.push({ lotId: l.lotId, points: take });
    need = Points.sub(need, take);
  }
  assert(Points.isZero(need), () => `redemption ${r.redemptionId} has less than ${Points.format(amount)} left in its lots`);
  return out;
};

/** The event giving back `amount` of a redemption at the context's time. */
const reversalEvent = (s: OrgState, r: Redemption, amount: PointsAmount, ctx: CommandContext, extra: { transactionNumber?: string; notes?: string }): PointsRedemptionReversed => {
  const lots = restorationsOf(s, r, amount);
  return {
    type: 'PointsRedemptionReversed',
    id: ctx.newId(),
    at: ctx.now,
    reversalId: ctx.newId(),
    redemptionId: r.redemptionId,
    customerId: r.customerId,
    wallet: { type: r.wallet.type, id: r.wallet.id },
    programId: r.programId,
    points: amount,
    lots: lots.map((l) => ({ lotId: l.lotId, points: l.points })),
    postings: planRestore(s.ledger, lots, ctx.now),
    ...(extra.transactionNumber === undefined ? {} : { transactionNumber: extra.transactionNumber }),
    ...(extra.notes === undefined ? {} : { notes: extra.notes }),
  };
};

/** `pointsToBeReversed` as the request sent it: absent (all that is left), or a positive decimal text or number; anything else 901. */
const parseReversalPoints = (u: unknown): E.Either<DomainError, PointsAmount | undefined> => {
  if (u === undefined || u === null) return E.right(undefined);
  const r = Points.parsePositivePoints(u);
  return E.isRight(r) ? r : E.left(invalidReversalRequest(`pointsToBeReversed: ${r.left.message}`));
};

/** 904 unless the identifier names the customer who redeemed. */
const checkIdentifier = (s: OrgState, r: Redemption, u: unknown): DomainError | undefined => {
  if (!isObject(u)) return invalidCustomerDetails('identifier is missing');
  const { type, value } = u as { type?: unknown; value?: unknown };
  const kind = reversalIdentifierTypes.find((k) => k === type);
  if (kind === undefined) return invalidCustomerDetails(`identifier type ${shown(type)} is not mobile, email, externalId or id`);
  const v = identifierValueOf(value);
  if (v === undefined) return invalidCustomerDetails('identifier value is not an identifier');
  const c = findCustomer(s.org, kind, v);
  if (c === undefined || c.customerId !== r.customerId) return invalidCustomerDetails(`${kind} ${v} does not name the customer of redemption ${r.redemptionId}`);
  return undefined;
};

/** Decides ReverseRedemption: one `PointsRedemptionReversed`, or the refusal (901, 905, 902, 904, 3802, 810). */
export const reverseRedemptionCommand = defineCommand<ReverseRedemption>({
  type: 'ReverseRedemption',
  decide: (s, c, ctx) => {
    const redemptionId = identifierValueOf(c.redemptionId);
    if (redemptionId === undefined) return E.left(invalidReversalRequest('redemptionId is empty or not an id'));
    const requested = parseReversalPoints(c.pointsToBeReversed);
    if (E.isLeft(requested)) return requested;
    if (!s.org.config.flags.ALLOW_POINTS_REDEMPTION_REVERSAL) return E.left(reversalDisabled());
    const r = redemptionOf(s, redemptionId);
    if (r === undefined) return E.left(redemptionNotFound(redemptionId));
    const denied = checkIdentifier(s, r, c.identifier);
    if (denied !== undefined) return E.left(denied);
    const left = reversibleOf(s, r);
    if (Points.isZero(left)) return E.left(alreadyReversed(r.redemptionId));
    const amount = requested.right ?? left;
    if (Points.compare(amount, left) > 0) return E.left(reversalMismatch(Points.format(amount), Points.format(left)));
    return E.right([reversalEvent(s, r, amount, ctx, c.notes === undefined ? {} : { notes: c.notes })]);
  },
});

/** Decides RevertRedemption: a `PointsRedemptionReversed` per redemption with something left, or 811, 905, 812, 814. */
export const revertRedemptionCommand = defineCommand<RevertRedemption>({
  type: 'RevertRedemption',
  decide: (s, c, ctx) => {
    const n = c.transactionNumber;
    if (typeof n !== 'string' || n.trim().length === 0) return E.left(invalidTransactionNumber(n === undefined ? 'none given' : shown(n)));
    if (!s.org.config.flags.ALLOW_POINTS_REDEMPTION_REVERSAL) return E.left(reversalDisabled());
    const redemptions = redemptionsByTransaction(s, n);
    if (redemptions.length === 0) return E.left(invalidTransactionNumber(n));
    const open = redemptions.filter((r) => Points.isPositive(reversibleOf(s, r)));
    if (open.length === 0)
      return E.left(getSlice(s, reversalsSlice).revertedTransactions.has(n) ? alreadyReverted(n) : nothingRedeemedOnTransaction(n));
    const extra = { transactionNumber: n, ...(c.notes === undefined ? {} : { notes: c.notes }) };
    return E.right(open.map((r) => reversalEvent(s, r, reversibleOf(s, r), ctx, extra)));
  },
});
