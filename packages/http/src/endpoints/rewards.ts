/**
 * Seed 002's reward issue (and seed 000's group wallets): `POST
 * /api_gateway/rewards/core/v1/user/reward/{rewardId}/issue`. The body's camelCase fields, seed 000's
 * group identifiers in the body (`userGroup2Id`, `user_group2_id`, ...) or the query
 * (`user_group2_*`), and the query's `username` and `skip_validation` become one `IssueReward`. In one
 * turn of the executor: a request id seen before is executed again with what its first execution
 * carried (the vendor is not asked twice); otherwise the pure pre-check `planRewardIssue`, the vendor
 * for a VENDOR reward it accepts, then `IssueReward` with the vendor's answer. Answers are seed 002's
 * bodies (`rewardIssueAnswer`, `rewardIssueFailure`).
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import type { FastifyInstance } from 'fastify';
import { DomainError, Points, SafeJsonObject, struct } from '@pointfold/core';
import {
  IssueReward,
  PaymentConfigIdCodec,
  RewardIssueRequest,
  planRewardIssue,
  rewardIssueAnswer,
  rewardIssueFailure,
  rewardIssueRefusalOf,
  rewardRequestRecord,
} from '@pointfold/rewards';
import { AnyText, BoolLike, DateLike, IntLike, TextLike, shownValue } from '../codecs';
import { ServerDeps } from '../deps';
import type { Executed } from '../executor';
import { bodyOf, queryOf, requestIdOf } from '../request';
import { httpStatus, rewardError } from '../responses';
import { askVendor } from '../vendor';
import { sendRefusal, sendUnreadable } from './common';

/** A quantity or a redemption value: a JSON number or a text (the rewards package reads the decimals with its own rule). */
const NumberOrText = new t.Type<number | string, number | string, unknown>(
  'number or text',
  (u): u is number | string => typeof u === 'number' || typeof u === 'string',
  (u, c) =>
    (typeof u === 'number' && Number.isFinite(u)) || (typeof u === 'string' && u.length <= 64)
      ? t.success(u)
      : t.failure(u, c, `expected a number, got ${shownValue(u)}`),
  t.identity,
);

const PaymentConfigBody = struct({}, { id: PaymentConfigIdCodec, redemptionValue: NumberOrText }, { strict: false }, 'paymentConfig');

/** The group identifiers of seed 000, in either spelling. */
const groupFields = {
  userGroup2Id: TextLike,
  userGroup2ExternalId: TextLike,
  userGroup2PrimaryUserId: TextLike,
  user_group2_id: TextLike,
  user_group2_external_id: TextLike,
  user_group2_primary_user_id: TextLike,
};

/** Seed 002's body (seed 000 sends `mobile` as a JSON number: identifiers are read from numbers too). */
const IssueBody = struct(
  { brand: TextLike },
  {
    mobile: TextLike,
    email: TextLike,
    emailId: TextLike,
    externalId: TextLike,
    transactionNumber: TextLike,
    notes: AnyText,
    programId: IntLike,
    quantity: NumberOrText,
    paymentConfig: PaymentConfigBody,
    customFields: SafeJsonObject,
    fulfillmentDetails: SafeJsonObject,
    eventLogId: TextLike,
    requestId: TextLike,
    eventDateTime: DateLike,
    ...groupFields,
  },
  { strict: false },
  'body',
);
type IssueBody = t.TypeOf<typeof IssueBody>;

const IssueQuery = struct(
  {},
  { username: TextLike, skip_validation: BoolLike, user_group2_id: TextLike, user_group2_external_id: TextLike, user_group2_primary_user_id: TextLike },
  { strict: false },
  'query',
);
type IssueQuery = t.TypeOf<typeof IssueQuery>;

const PathParams = struct({ rewardId: TextLike }, {}, { strict: false }, 'path');

/**
 * One group identifier given up to three times (body camelCase, body snake_case, query): one value
 * goes in the camelCase field; a second, different one in the snake_case field, so that the rewards
 * package refuses the pair (8004 with 1632, "given twice") at its place in the order of the checks.
 */
const foldIdentifier = <C extends string, S extends string>(camel: C, snake: S, values: readonly (string | undefined)[]): Partial<Record<C | S, string>> => {
  const distinct = [...new Set(values.filter((v): v is string => v !== undefined))];
  const out: Partial<Record<C | S, string>> = {};
  if (distinct[0] !== undefined) out[camel] = distinct[0];
  if (distinct[1] !== undefined) out[snake] = distinct[1];
  return out;
};

/** The request the body and query make, or why they do not make one. */
const issueRequest = (rewardId: string, b: IssueBody, q: IssueQuery, header: { readonly requestId?: string }): E.Either<string, RewardIssueRequest> => {
  if (b.email !== undefined && b.emailId !== undefined && b.email !== b.emailId) return E.left('invalid request body: email and emailId give two different values');
  if (b.requestId !== undefined && header.requestId !== undefined && b.requestId !== header.requestId)
    return E.left('invalid request: the X-Request-Id header and the body\'s requestId give two different values');
  const email = b.emailId ?? b.email;
  // The X-Request-Id header, which every command takes, is the body's requestId (seed 002) by another name.
  const requestId = b.requestId ?? header.requestId;
  return E.right({
    rewardId,
    brand: b.brand,
    ...(b.mobile === undefined ? {} : { mobile: b.mobile }),
    ...(email === undefined ? {} : { email }),
    ...(b.externalId === undefined ? {} : { externalId: b.externalId }),
    ...(b.transactionNumber === undefined ? {} : { transactionNumber: b.transactionNumber }),
    ...(b.notes === undefined ? {} : { notes: b.notes }),
    ...(b.programId === undefined ? {} : { programId: b.programId }),
    ...(b.quantity === undefined ? {} : { quantity: b.quantity }),
    ...(b.paymentConfig === undefined ? {} : { paymentConfig: b.paymentConfig }),
    ...(b.customFields === undefined ? {} : { customFields: b.customFields }),
    ...(b.fulfillmentDetails === undefined ? {} : { fulfillmentDetails: b.fulfillmentDetails }),
    ...(b.eventLogId === undefined ? {} : { eventLogId: b.eventLogId }),
    ...(requestId === undefined ? {} : { requestId }),
    ...(b.eventDateTime === undefined ? {} : { eventDateTime: b.eventDateTime }),
    ...foldIdentifier('userGroup2Id', 'user_group2_id', [b.userGroup2Id, b.user_group2_id, q.user_group2_id]),
    ...foldIdentifier('userGroup2ExternalId', 'user_group2_external_id', [b.userGroup2ExternalId, b.user_group2_external_id, q.user_group2_external_id]),
    ...foldIdentifier('userGroup2PrimaryUserId', 'user_group2_primary_user_id', [
      b.userGroup2PrimaryUserId,
      b.user_group2_primary_user_id,
      q.user_group2_primary_user_id,
    ]),
    ...(q.skip_validation === undefined ? {} : { skipValidation: q.skip_validation }),
  });
};

/** Registers the reward issue endpoint. */
export const registerRewards = (app: FastifyInstance, deps: ServerDeps): void => {
  /**
   * Issues in one turn: the first outcome of a request id seen before (executed again with the vendor
   * answer its first execution carried), or the pre-check, the vendor if it is a VENDOR reward the
   * pre-check accepts, and the decision with the vendor's answer.
   */
  const issue = (request: RewardIssueRequest): Promise<E.Either<DomainError, Executed>> =>
    deps.executor.turn(async (turn) => {
      const command: IssueReward = { type: 'IssueReward', ...request };
      if (request.requestId !== undefined) {
        const seen = rewardRequestRecord(turn.state, request.requestId);
        const again: IssueReward = { ...command, ...(seen?.vendor === undefined ? {} : { vendor: seen.vendor }) };
        if (seen !== undefined) return turn.execute(again);
      }
      // The plan, the vendor call and the decision share one context, so one clock: a lot or a reward
      // that ends while the vendor answers must not turn a voucher already issued into a refusal.
      const ctx = turn.context();
      const plan = planRewardIssue(turn.state, request, ctx.now);
      if (E.isLeft(plan) || !plan.right.needsVendor) return turn.execute(command);
      const p = plan.right;
      const vendor = await askVendor(
        deps.vendor,
        {
          rewardId: p.reward.rewardId,
          brand: p.reward.brand,
          customerId: p.customer.customerId,
          points: Points.format(p.points),
          quantity: p.quantity,
          ...(request.transactionNumber === undefined ? {} : { transactionNumber: request.transactionNumber }),
          ...(request.requestId === undefined ? {} : { requestId: request.requestId }),
        },
        deps.vendorTimeoutMs,
      );
      const withAnswer: IssueReward = { ...command, vendor };
      const decided = deps.engine.execute(turn.state, withAnswer, ctx);
      return E.isLeft(decided) ? decided : turn.commit(decided.right, ctx);
    });

  app.post('/api_gateway/rewards/core/v1/user/reward/:rewardId/issue', async (req, reply) => {
    const params = PathParams.decode(req.params);
    if (E.isLeft(params)) return sendUnreadable(reply, { status: httpStatus.refused, message: 'invalid path: the reward id is missing' }, rewardError);
    const body = await bodyOf(req, IssueBody);
    if (E.isLeft(body)) return sendUnreadable(reply, body.left, rewardError);
    const query = queryOf(req, IssueQuery);
    if (E.isLeft(query)) return sendUnreadable(reply, query.left, rewardError);
    const request = issueRequest(params.right.rewardId, body.right, query.right, requestIdOf(req));
    if (E.isLeft(request)) return sendUnreadable(reply, { status: httpStatus.refused, message: request.left }, rewardError);
    const done = await issue(request.right);
    // A refusal without a request id comes back from the engine as the decider's own value (partner details included).
    if (E.isLeft(done)) return sendRefusal(reply, rewardIssueFailure(done.left));
    const { execution, state } = done.right;
    const refusal = rewardIssueRefusalOf(state, execution);
    if (refusal !== undefined) return sendRefusal(reply, rewardIssueFailure(refusal));
    const answer = rewardIssueAnswer(state, execution);
    if (answer === undefined) return sendRefusal(reply, rewardError(9908, 'the reward issue of this request is not in the log'));
    return reply.code(httpStatus.ok).send(answer);
  });
};
