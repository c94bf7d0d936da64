/**
 * Deciders of the core ledger commands. An award resolves the default program and refuses an expiry
 * that is not after its own time; everything else about the entity, program and lots is checked by
 * the engine on the event, exactly as it checks an imported history line.
 */
import * as E from 'fp-ts/Either';
import { Timestamp, formatTimestamp } from '../time/timestamp';
import { LedgerState } from './state';
import { defineCommand } from '../engine/module';
import { DomainError, domainError, entityNotFound, insufficientPoints, invalidPoints, invalidProgram } from '../errors';
import * as P from '../points/points';
import { resolveProgram } from '../org/state';
import { AwardPoints, DeductPoints, ExpirePoints, ReleasePromisedPoints } from './commands';
import { PointsAwarded, PointsDeducted, PointsExpired, PromisedPointsReleased } from './events';
import { planDebit, planExpiry } from './plan';

/** A command's amount must be positive (801): the event codecs and `planDebit` take that as given. */
const notPositive = (p: P.Points): DomainError | undefined => (P.isPositive(p) ? undefined : invalidPoints(`${P.format(p)} is not positive`));

export const awardPoints = defineCommand<AwardPoints>({
  type: 'AwardPoints',
  decide: (s, c, ctx) => {
    const bad = notPositive(c.points);
    if (bad !== undefined) return E.left(bad);
    const program = resolveProgram(s.org, c.programId);
    if (program === undefined) return E.left(invalidProgram(c.programId === undefined ? '(no default program)' : String(c.programId)));
    if (c.expiresAt !== undefined && c.expiresAt <= ctx.now)
      return E.left(domainError(9912, `expiresAt ${formatTimestamp(c.expiresAt)} is not after the award's time ${formatTimestamp(ctx.now)}`));
    const event: PointsAwarded = {
      type: 'PointsAwarded',
      id: ctx.newId(),
      at: ctx.now,
      entity: { type: c.entity.type, id: c.entity.id },
      programId: program.programId,
      pointsCategory: c.pointsCategory ?? 'Main',
      points: c.points,
      ...(c.expiresAt === undefined ? {} : { expiresAt: c.expiresAt }),
      ...(c.eventName === undefined ? {} : { eventName: c.eventName }),
      ...(c.till === undefined ? {} : { till: c.till }),
      ...(c.transaction === undefined ? {} : { transaction: c.transaction }),
      ...(c.notes === undefined ? {} : { notes: c.notes }),
    };
    return E.right([event]);
  },
});

export const releasePromisedPoints = defineCommand<ReleasePromisedPoints>({
  type: 'ReleasePromisedPoints',
  decide: (_s, c, ctx) => {
    const bad = c.points === undefined ? undefined : notPositive(c.points);
    if (bad !== undefined) return E.left(bad);
    const event: PromisedPointsReleased = {
      type: 'PromisedPointsReleased',
      id: ctx.newId(),
      at: ctx.now,
      lotId: c.lotId,
      ...(c.points === undefined ? {} : { points: c.points }),
    };
    return E.right([event]);
  },
});

/** Decides the expiry of every lot due at `now`: one `PointsExpired` event, or none. */
export const decideExpiry = (s: LedgerState, now: Timestamp, newId: () => string): PointsExpired[] => {
  const postings = planExpiry(s, now);
  return postings.length === 0 ? [] : [{ type: 'PointsExpired', id: newId(), at: now, postings }];
};

export const expirePoints = defineCommand<ExpirePoints>({
  type: 'ExpirePoints',
  decide: (s, _c, ctx) => E.right(decideExpiry(s.ledger, ctx.now, ctx.newId)),
});

export const deductPoints = defineCommand<DeductPoints>({
  type: 'DeductPoints',
  decide: (s, c, ctx) => {
    const bad = notPositive(c.points);
    if (bad !== undefined) return E.left(bad);
    const program = resolveProgram(s.org, c.programId);
    if (program === undefined) return E.left(invalidProgram(c.programId === undefined ? '(no default program)' : String(c.programId)));
    // An unknown entity has no lots either; say which is wrong (816, 1632), not that 0 points are too few (804).
    if (!ctx.entityExists(c.entity.type, c.entity.id)) return E.left(entityNotFound(c.entity.type, c.entity.id));
    const ref = { entityType: c.entity.type, entityId: c.entity.id, programId: program.programId, pointsCategory: 'Main' as const };
    const plan = planDebit(s.ledger, ref, c.points, ctx.now, 'ADJUSTED');
    if (E.isLeft(plan)) return E.left(insufficientPoints(P.format(plan.left.requested), P.format(plan.left.available)));
    const event: PointsDeducted = {
      type: 'PointsDeducted',
      id: ctx.newId(),
      at: ctx.now,
      postings: plan.right,
      ...(c.reason === undefined ? {} : { reason: c.reason }),
      ...(c.till === undefined ? {} : { till: c.till }),
      ...(c.transaction === undefined ? {} : { transaction: c.transaction }),
    };
    return E.right([event]);
  },
});
