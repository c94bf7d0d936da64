/**
 * Questions about reversals, answered from folded state: a reversal by id, the reversals an event (or
 * a retried request's event ids) recorded, what is left to reverse of a redemption, and what the
 * reverse endpoint answers (seed 004's `redemptionId`, `pointsToBeReversed`, `identifier`,
 * `customerId`, `pointsReversed`, `reversalId`).
 */
import * as E from 'fp-ts/Either';
import { DomainError, Execution, OrgState, Points, PointsAmount, accepted, assert, eventIdsOf, fail, getSlice } from '@pointfold/core';
import { redemptionOf } from '@pointfold/groups';
import { RedemptionCustomerIdentifier, RevertRedemption, ReverseRedemption } from './commands';
import { reversibleOf } from './decide';
import { Reversal, reversalsSlice } from './state';

/** A reversal by its id, if any. */
export const reversalOf = (s: OrgState, reversalId: string): Reversal | undefined => getSlice(s, reversalsSlice).byId.get(reversalId);

/** The reversals recorded by these event ids, in their order: a command's events, or a retried request's `replayed.eventIds`. */
export const reversalsOfEvents = (s: OrgState, eventIds: readonly string[]): readonly Reversal[] => {
  const index = getSlice(s, reversalsSlice).byEvent;
  return eventIds.flatMap((id) => {
    const reversalId = index.get(id);
    const r = reversalId === undefined ? undefined : reversalOf(s, reversalId);
    return r === undefined ? [] : [r];
  });
};

/** The reversals of a redemption, in log order. */
export const reversalsOfRedemption = (s: OrgState, redemptionId: string): readonly Reversal[] =>
  (getSlice(s, reversalsSlice).byRedemption.get(redemptionId)?.reversalIds ?? []).flatMap((id) => {
    const r = reversalOf(s, id);
    return r === undefined ? [] : [r];
  });

/** What is left to reverse of a redemption (3-decimal text), or undefined for an unknown redemption. */
export const pointsLeftToReverse = (s: OrgState, redemptionId: string): string | undefined => {
  const r = redemptionOf(s, redemptionId);
  return r === undefined ? undefined : Points.format(reversibleOf(s, r));
};

/** What a reversal answers (seed 004's sample, amounts as 3-decimal texts). */
export interface ReversalAnswer {
  readonly redemptionId: string;
  /** What the request asked for (all that was left when it named no amount). */
  readonly pointsToBeReversed: string;
  readonly identifier?: RedemptionCustomerIdentifier;
  /** The customer who redeemed. */
  readonly customerId: string;
  readonly pointsReversed: string;
  readonly reversalId: string;
  /** Of `pointsReversed`: what went back to the wallet's lots. */
  readonly pointsRestored: string;
  /** Of `pointsReversed`: what belonged to lots that had expired, recorded as expired. */
  readonly pointsExpired: string;
  /** What is left to reverse of the redemption after this reversal. */
  readonly pointsLeftToReverse: string;
}

/** A reversal as the reverse endpoint shows it. */
export const reversalAnswer = (s: OrgState, r: Reversal, identifier?: RedemptionCustomerIdentifier): ReversalAnswer => {
  const expired = Points.sum(r.lots.filter((l) => l.expired).map((l) => l.points));
  const redemption = redemptionOf(s, r.redemptionId);
  assert(redemption !== undefined, () => `reversal ${r.reversalId} of unknown redemption ${r.redemptionId}`);
  return {
    redemptionId: r.redemptionId,
    pointsToBeReversed: Points.format(r.points),
    ...(identifier === undefined ? {} : { identifier }),
    customerId: r.customerId,
    pointsReversed: Points.format(r.points),
    reversalId: r.reversalId,
    pointsRestored: Points.format(Points.sub(r.points, expired)),
    pointsExpired: Points.format(expired),
    pointsLeftToReverse: Points.format(leftAfter(s, redemption.points, r)),
  };
};

/**
 * What was left to reverse of a redemption of `redeemed` points right after reversal `r`: the same
 * whenever it is asked, so a retried request answers as the first time did (decision 71), whatever was
 * reversed since.
 */
const leftAfter = (s: OrgState, redeemed: PointsAmount, r: Reversal): PointsAmount => {
  let left = redeemed;
  for (const earlier of reversalsOfRedemption(s, r.redemptionId)) {
    left = Points.sub(left, earlier.points);
    if (earlier.reversalId === r.reversalId) return left;
  }
  return fail(`reversal ${r.reversalId} is not among its redemption's reversals`);
};

const executed = (result: E.Either<DomainError, Execution>): E.Either<DomainError, { state: OrgState; reversals: readonly Reversal[] }> => {
  const verdict = accepted(result);
  if (E.isLeft(verdict)) return verdict;
  const x = verdict.right;
  const reversals = reversalsOfEvents(x.state, eventIdsOf(x));
  assert(reversals.length > 0, 'an accepted reversal recorded no reversal');
  return E.right({ state: x.state, reversals });
};

/**
 * What ReverseRedemption answers, from the events it appended or, for a retried request, from
 * `replayed.eventIds`; its refusal otherwise. `pointsLeftToReverse` is what was left right after the
 * reversal, as the first answer said.
 * @example reversalOutcome(engine.execute(state, reverse, ctx), reverse)
 */
export const reversalOutcome = (result: E.Either<DomainError, Execution>, command: ReverseRedemption): E.Either<DomainError, ReversalAnswer> =>
  E.map(({ state, reversals }: { state: OrgState; reversals: readonly Reversal[] }) =>
    reversalAnswer(state, reversals[0] as Reversal, command.identifier),
  )(executed(result));

/** What RevertRedemption answers: the transaction number, the points reversed in all, and each redemption's reversal. */
export interface RevertAnswer {
  readonly transactionNumber: string;
  readonly pointsReversed: string;
  readonly reversals: readonly ReversalAnswer[];
}

/** What RevertRedemption answers (as `reversalOutcome`). */
export const revertOutcome = (result: E.Either<DomainError, Execution>, command: RevertRedemption): E.Either<DomainError, RevertAnswer> =>
  E.map(({ state, reversals }: { state: OrgState; reversals: readonly Reversal[] }) => ({
    transactionNumber: typeof command.transactionNumber === 'string' ? command.transactionNumber : '',
    pointsReversed: Points.format(Points.sum(reversals.map((r) => r.points))),
    reversals: reversals.map((r) => reversalAnswer(state, r)),
  }))(executed(result));
