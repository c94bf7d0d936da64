/**
 * `PointsRedeemed`: points of one wallet (a customer's own, or a group's) spent in one program. The
 * event records what `decide` chose, including the lots it consumed (its postings, planned by the
 * core's `planDebit` into REDEEMED), so the fold and the reversal never choose again. Its check
 * re-verifies what the log must show, for commands and imported histories alike.
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import {
  Bool,
  DomainError,
  EntityRefCodec,
  FAIL,
  Id,
  OrgState,
  Points,
  PositivePoints,
  PostingCodec,
  ProgramId,
  SafeJsonObject,
  Text,
  TillCodec,
  arrayOf,
  defineEvent,
  eventCodec,
  getSlice,
  packJsonObject,
  packString,
  programOf,
  withFast,
  withPacking,
} from '@pointfold/core';
import { customerNotFoundOrMerged, duplicateDefinition, invalidGroupIdentifier, invalidPosting, invalidProgram, notGroupMember } from '../errors';
import { activeMember, groupOf } from '../groups/queries';
import { recordRedemption, redemptionsSlice } from './state';

/** The ledger event name of a redemption (seed 004). */
export const redemptionEventName = 'PointsRedemption';

const currencyPattern = /^\d{1,18}(\.\d{1,3})?$/;

/** A currency amount: a non-negative decimal text with at most three decimals (`"12.500"`). */
export const CurrencyValue = withPacking(withFast(
  new t.Type<string, string, unknown>(
    'CurrencyValue',
    (u): u is string => typeof u === 'string' && currencyPattern.test(u),
    (u, c) => (typeof u === 'string' && currencyPattern.test(u) ? t.success(u) : t.failure(u, c, 'expected a decimal text with at most three decimals')),
    t.identity,
  ),
  (u) => (typeof u === 'string' && currencyPattern.test(u) ? u : FAIL),
), packString);

/**
 * Custom fields: any JSON object without prototype-changing keys, copied (the core's `SafeJsonObject`),
 * given a fast path of its own so that the event codec keeps one (the core's codec is not changed).
 */
export const CustomFields = withPacking(withFast(
  new t.Type<t.TypeOf<typeof SafeJsonObject>, t.OutputOf<typeof SafeJsonObject>, unknown>(
    'CustomFields',
    (u): u is t.TypeOf<typeof SafeJsonObject> => SafeJsonObject.is(u),
    (u, c) => SafeJsonObject.validate(u, c),
    (a) => SafeJsonObject.encode(a),
  ),
  (u) => {
    const r = SafeJsonObject.decode(u);
    return E.isRight(r) ? r.right : FAIL;
  },
), packJsonObject);

/** Points were redeemed from a wallet by a customer (the initiator: the wallet's owner, or a member of the group). */
export const PointsRedeemed = eventCodec(
  'PointsRedeemed',
  {
    redemptionId: Id,
    customerId: Id,
    wallet: EntityRefCodec,
    groupRedemption: Bool,
    programId: ProgramId,
    points: PositivePoints,
    postings: arrayOf(PostingCodec),
  },
  {
    transactionNumber: Text,
    notes: Text,
    customFields: CustomFields,
    purpose: Text,
    till: TillCodec,
    redeemedValue: CurrencyValue,
  },
);
export type PointsRedeemed = t.TypeOf<typeof PointsRedeemed>;

/** The redemption events. */
export type RedemptionEvent = PointsRedeemed;

const ok: E.Either<DomainError, void> = E.right(undefined);

const checkWallet = (s: OrgState, e: PointsRedeemed): E.Either<DomainError, void> => {
  if (e.wallet.type === 'CUSTOMER') {
    if (e.groupRedemption || e.wallet.id !== e.customerId)
      return E.left(invalidPosting(`an individual redemption spends the initiator's own wallet (${e.customerId}), not ${e.wallet.type} ${e.wallet.id}`));
    return ok;
  }
  if (!e.groupRedemption) return E.left(invalidPosting(`a redemption from group ${e.wallet.id} is a group redemption`));
  const group = groupOf(s, e.wallet.id);
  if (group === undefined) return E.left(invalidGroupIdentifier(e.wallet.id));
  if (activeMember(group, e.customerId) === undefined) return E.left(notGroupMember(e.customerId, group.groupId));
  return ok;
};

const checkPostings = (e: PointsRedeemed): E.Either<DomainError, void> => {
  let taken = Points.zero;
  let redeemed = Points.zero;
  for (const p of e.postings) {
    if (p.programId !== e.programId || p.pointsCategory !== 'Main')
      return E.left(invalidPosting(`a redemption moves Main points of program ${e.programId} only`));
    if (p.entityType === 'SYSTEM') {
      if (p.entityId !== 'REDEEMED' || !Points.isPositive(p.points)) return E.left(invalidPosting('a redemption credits REDEEMED only'));
      redeemed = Points.add(redeemed, p.points);
    } else {
      if (p.entityType !== e.wallet.type || p.entityId !== e.wallet.id || !Points.isNegative(p.points))
        return E.left(invalidPosting(`a redemption debits only the lots of ${e.wallet.type} ${e.wallet.id}`));
      taken = Points.add(taken, Points.negate(p.points));
    }
  }
  if (!Points.equals(redeemed, e.points) || !Points.equals(taken, e.points))
    return E.left(invalidPosting(`a redemption of ${Points.format(e.points)} takes ${Points.format(taken)} and gives REDEEMED ${Points.format(redeemed)}`));
  return ok;
};

const checkRedeemed = (s: OrgState, e: PointsRedeemed): E.Either<DomainError, void> => {
  if (!s.org.customers.has(e.customerId)) return E.left(customerNotFoundOrMerged(`id ${e.customerId}`));
  if (getSlice(s, redemptionsSlice).byId.has(e.redemptionId)) return E.left(duplicateDefinition(`redemption ${e.redemptionId}`));
  if (programOf(s.org, e.programId) === undefined) return E.left(invalidProgram(String(e.programId)));
  const wallet = checkWallet(s, e);
  return E.isLeft(wallet) ? wallet : checkPostings(e);
};

export const pointsRedeemedEvent = defineEvent<PointsRedeemed>({
  type: 'PointsRedeemed',
  codec: PointsRedeemed,
  check: checkRedeemed,
  movement: (e) => ({
    eventName: redemptionEventName,
    postings: e.postings,
    ...(e.till === undefined ? {} : { till: e.till }),
    ...(e.transactionNumber === undefined ? {} : { transaction: { number: e.transactionNumber } }),
  }),
  evolve: recordRedemption,
});
