/**
 * Reversals of redeemed points (seed 004): `POST /v2/points/reverse` gives back (part of) one
 * redemption, and Pointfold's extension `POST /v1.1/points/revert` gives back every redemption of a
 * transaction number (RevertRedemption: no seed shows its request, but seed 004's codes 810 to 814
 * name a "revert API call" and the transaction number is the v1.1 redeem's). The transfers package
 * decides; the redemption id, amount, identifier and transaction number reach it as sent, so that it
 * answers with the seed's codes (901, 902, 904, 905, 3802, 810, 811, 812, 814).
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import type { FastifyInstance } from 'fastify';
import { struct } from '@pointfold/core';
import { RedemptionCustomerIdentifier, RevertAnswer, RevertRedemption, ReverseRedemption, reversalOutcome, revertOutcome } from '@pointfold/transfers';
import { AnyText, Raw, RawObject, TextLike, v11Body } from '../codecs';
import { ServerDeps } from '../deps';
import type { Executed } from '../executor';
import { bodyOf, requestIdOf } from '../request';
import { httpStatus, v11, v11Error, v11Refusal, v2Errors } from '../responses';
import { sendRefusal, sendUnreadable } from './common';

const Identifier = RawObject('identifier', ['type', 'value']);

/** Seed 004's body (its table spells the identifier `Identifier`, its sample `identifier`: both are read). */
const ReverseBody = struct(
  {},
  { redemptionId: Raw, pointsToBeReversed: Raw, identifier: Identifier, Identifier, notes: AnyText },
  { strict: false },
  'body',
);

/** One revert: the transaction number (as sent: the decider answers 811 for one it cannot use) and notes. */
const RevertItem = struct({}, { transaction_number: Raw, notes: AnyText }, { strict: false }, 'revert');

/** `revert` as an object or a list of one (the v1.1 batch form, as `redeem`). */
const RevertList = new t.Type<t.TypeOf<typeof RevertItem>, unknown, unknown>(
  'revert',
  (u): u is t.TypeOf<typeof RevertItem> => RevertItem.is(u),
  (u, c) => {
    const items = Array.isArray(u) ? u : [u];
    if (items.length !== 1) return t.failure(u, c, 'one revert a request (batch is not supported)');
    const r = RevertItem.validate(items[0], [...c, { key: '0', type: RevertItem, actual: items[0] }]);
    return E.isRight(r) ? t.success(r.right) : r;
  },
  t.identity,
);
const RevertBody = struct({ revert: RevertList }, {}, { strict: false }, 'body');
/** Two identifiers are the same when their `type` and `value` are the same scalars (a nested value is never compared: it is no identifier). */
const sameIdentifier = (a: t.TypeOf<typeof Identifier>, b: t.TypeOf<typeof Identifier>): boolean => {
  const scalar = (u: unknown): boolean => typeof u !== 'object' || u === null;
  const fields = (u: unknown): readonly unknown[] => (scalar(u) ? [u] : [(u as { type?: unknown }).type, (u as { value?: unknown }).value]);
  const [x, y] = [fields(a), fields(b)];
  return x.length === y.length && x.every((v, i) => scalar(v) && v === y[i]);
};

/** `{revert}`, or `{root: {revert}}` as seed 004's v1.1 samples wrap a body (both at once: 400). */
const AnyRevertBody = v11Body(RevertBody, 'revert');

/** A revert as the v1.1 item shows it. */
const revertItem = (a: RevertAnswer): Record<string, unknown> => ({
  transaction_number: a.transactionNumber,
  points_reverted: a.pointsReversed,
  reversals: a.reversals.map((r) => ({
    redemption_id: r.redemptionId,
    reversal_id: r.reversalId,
    customer_id: r.customerId,
    points_reversed: r.pointsReversed,
    points_restored: r.pointsRestored,
    points_expired: r.pointsExpired,
  })),
});

/** Registers the reverse endpoint and the revert extension. */
export const registerReversal = (app: FastifyInstance, deps: ServerDeps): void => {
  app.post('/v2/points/reverse', async (req, reply) => {
    const body = await bodyOf(req, ReverseBody);
    if (E.isLeft(body)) return sendUnreadable(reply, body.left, v2Errors);
    const b = body.right;
    // Decision 87: the same field under its two spellings with two values is a 400, never a silent choice.
    if (b.identifier !== undefined && b.Identifier !== undefined && !sameIdentifier(b.identifier, b.Identifier))
      return sendUnreadable(reply, { status: httpStatus.refused, message: 'invalid request body: identifier and Identifier give two different values' }, v2Errors);
    const identifier = b.identifier ?? b.Identifier;
    const command: ReverseRedemption = {
      type: 'ReverseRedemption',
      ...(b.redemptionId === undefined ? {} : { redemptionId: b.redemptionId }),
      ...(b.pointsToBeReversed === undefined ? {} : { pointsToBeReversed: b.pointsToBeReversed }),
      // The decider reads the identifier as raw JSON (an object first: anything else is 904).
      ...(identifier === undefined ? {} : { identifier: identifier as RedemptionCustomerIdentifier }),
      ...(b.notes === undefined ? {} : { notes: b.notes }),
      ...requestIdOf(req),
    };
    const done = await deps.executor.execute(command);
    const a = reversalOutcome(E.map((x: Executed) => x.execution)(done), command);
    if (E.isLeft(a)) return sendRefusal(reply, v2Errors(a.left.code, a.left.message));
    return reply.code(httpStatus.ok).send({ ...a.right, warnings: [] });
  });

  app.post('/v1.1/points/revert', async (req, reply) => {
    const body = await bodyOf(req, AnyRevertBody);
    if (E.isLeft(body)) return sendUnreadable(reply, body.left, (code, message) => v11Error(code, message));
    const item = body.right.revert;
    // Read as the v1.1 redeem reads it (an integer is its text), so that the number a redemption was sent
    // with reverts it; anything else goes to the decider as sent (811).
    const asText = TextLike.decode(item.transaction_number);
    const transactionNumber = E.isRight(asText) ? asText.right : item.transaction_number;
    const command: RevertRedemption = {
      type: 'RevertRedemption',
      ...(transactionNumber === undefined ? {} : { transactionNumber }),
      ...(item.notes === undefined ? {} : { notes: item.notes }),
      ...requestIdOf(req),
    };
    const done = await deps.executor.execute(command);
    const a = revertOutcome(E.map((x: Executed) => x.execution)(done), command);
    const echo = typeof transactionNumber === 'string' ? { transaction_number: transactionNumber } : {};
    if (E.isLeft(a)) return sendRefusal(reply, v11Refusal(a.left, echo));
    return reply
      .code(httpStatus.ok)
      .send(v11(true, 200, 'Success', { ...revertItem(a.right), item_status: { success: 'true', code: 800, message: 'Points reverted successfully' } }));
  });
};
