/**
 * Seed 001's v1.1 points endpoints: `isredeemable` and `redeem` (POST, or GET with a body as the seed
 * documents), with the body as `{"redeem": [...]}` or wrapped in `{"root": {...}}`, group wallets
 * named in the query (`user_group2_*`), and `validationCode` (Pointfold's extension) to issue the
 * one-time code a redemption is proved with: the code goes to the OTP sink, never into the answer.
 * Answers follow the v1.1 `response` shape.
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Customer, DomainError, OneTimeCodeIssued, OrgState, Points, SafeJsonObject, Till, eventIdsOf, findCustomer, formatTimestamp, oneOf, struct } from '@pointfold/core';
import {
  CustomerIdentifier,
  GroupIdentifiers,
  IssueRedemptionCode,
  PrimaryUserIdentifierType,
  Redemption,
  RedemptionRequest,
  isRedeemable,
  redemptionByEvent,
  redemptionRecordAnswer,
} from '@pointfold/groups';
import { BoolLike, IntLike, TextLike, decodeRequest, v11Body } from '../codecs';
import { readJsonBody } from '../body';
import { bodyOf, requestIdOf } from '../request';
import { httpStatus, v11, v11Error, v11Refusal } from '../responses';
import { ServerDeps } from '../deps';
import { sendRefusal, sendUnreadable } from './common';

const CustomerBody = struct({}, { mobile: TextLike, email: TextLike, external_id: TextLike, id: TextLike, user_id: TextLike }, { strict: false }, 'customer');

const RedeemItem = struct(
  { customer: CustomerBody },
  {
    points_redeemed: t.unknown,
    transaction_number: TextLike,
    notes: TextLike,
    validation_code: TextLike,
    custom_fields: SafeJsonObject,
    redemption_purpose: TextLike,
    purpose: TextLike,
  },
  { strict: false },
  'redeem item',
);

const RedeemList = new t.Type<readonly t.TypeOf<typeof RedeemItem>[], unknown, unknown>(
  'redeem',
  (u): u is readonly t.TypeOf<typeof RedeemItem>[] => Array.isArray(u),
  (u, c) => {
    const items = Array.isArray(u) ? u : [u];
    if (items.length !== 1) return t.failure(u, c, 'one redemption a request (batch is not supported)');
    const r = RedeemItem.validate(items[0], [...c, { key: '0', type: RedeemItem, actual: items[0] }]);
    return E.isRight(r) ? t.success([r.right]) : r;
  },
  t.identity,
);

const RedeemBody = struct({ redeem: RedeemList }, {}, { strict: false }, 'body');
/** `{redeem}`, or `{root: {redeem}}` as seed 004's samples wrap it (both at once: 400). */
const AnyRedeemBody = v11Body(RedeemBody, 'redeem');

const PointsQuery = struct(
  {},
  {
    user_group2_primary_user_id: TextLike,
    user_group2_id: TextLike,
    user_group2_external_id: TextLike,
    user_group2_primary_user_source: TextLike,
    user_group2_primary_user_accountId: TextLike,
    user_group2_primary_user_identifier_type: oneOf<PrimaryUserIdentifierType>('identifier type', ['mobile', 'email', 'cardnumber', 'cardExternalId', 'id']),
    user_group2_primary_user_identifier_value: TextLike,
    skip_validation: BoolLike,
    program_id: IntLike,
    validation_type: TextLike,
    username: TextLike,
  },
  { strict: false },
  'query',
);

/** Longest validity a client may ask for a validation code, in minutes (a day: the seeds' OTPs are short-lived). */
export const validationCodeMinutesMax = 1440;

/** Minutes from 1 to `validationCodeMinutesMax`, as a JSON number or its digits. */
const ValidityMinutes = new t.Type<number, number, unknown>(
  'minutes',
  (u): u is number => typeof u === 'number',
  (u, c) => {
    const r = IntLike.validate(u, c);
    if (E.isLeft(r)) return r;
    return r.right >= 1 && r.right <= validationCodeMinutesMax ? t.success(r.right) : t.failure(u, c, `expected minutes from 1 to ${validationCodeMinutesMax}`);
  },
  t.identity,
);

/** Pointfold's `validationCode` body: the customer as `redeem` names one, and how long the code lives (default 15 minutes). */
const ValidationCodeBody = struct({ customer: CustomerBody }, { validity_minutes: ValidityMinutes }, { strict: false }, 'body');

type Item = t.TypeOf<typeof RedeemItem>;
type Query = t.TypeOf<typeof PointsQuery>;

/** A request that cannot be read (400, the field named). */
const badRequest = (message: string): object => v11Error(httpStatus.refused, message);

/** The body's customer identifiers, in the order the first of them names the customer: id, user_id, mobile, external_id, email. */
interface NamedCustomer {
  readonly customer: CustomerIdentifier;
  /** The others given: each must name the same customer (decision 118). */
  readonly alsoIdentifiedBy: readonly CustomerIdentifier[];
}

const customerIdentifiers = (c: t.TypeOf<typeof CustomerBody>): NamedCustomer | undefined => {
  const given: readonly (CustomerIdentifier | undefined)[] = [
    c.id === undefined ? undefined : { type: 'id', value: c.id },
    c.user_id === undefined ? undefined : { type: 'id', value: c.user_id },
    c.mobile === undefined ? undefined : { type: 'mobile', value: c.mobile },
    c.external_id === undefined ? undefined : { type: 'externalId', value: c.external_id },
    c.email === undefined ? undefined : { type: 'email', value: c.email },
  ];
  const [first, ...rest] = given.filter((g): g is CustomerIdentifier => g !== undefined);
  return first === undefined ? undefined : { customer: first, alsoIdentifiedBy: rest };
};

const groupIdentifiers = (q: Query): E.Either<string, GroupIdentifiers | undefined> => {
  if ((q.user_group2_primary_user_identifier_type === undefined) !== (q.user_group2_primary_user_identifier_value === undefined))
    return E.left('user_group2_primary_user_identifier_type and user_group2_primary_user_identifier_value go together');
  const ids: GroupIdentifiers = {
    ...(q.user_group2_id === undefined ? {} : { groupId: q.user_group2_id }),
    ...(q.user_group2_external_id === undefined ? {} : { externalId: q.user_group2_external_id }),
    ...(q.user_group2_primary_user_id === undefined ? {} : { primaryUserId: q.user_group2_primary_user_id }),
    ...(q.user_group2_primary_user_identifier_type === undefined || q.user_group2_primary_user_identifier_value === undefined
      ? {}
      : {
          primaryUser: {
            identifierType: q.user_group2_primary_user_identifier_type,
            identifierValue: q.user_group2_primary_user_identifier_value,
            ...(q.user_group2_primary_user_source === undefined ? {} : { source: q.user_group2_primary_user_source }),
            ...(q.user_group2_primary_user_accountId === undefined ? {} : { accountId: q.user_group2_primary_user_accountId }),
          },
        }),
  };
  return E.right(Object.keys(ids).length === 0 ? undefined : ids);
};

/** The customer's identifiers as v1.1 echoes them. */
const customerEcho = (c: Customer | undefined): Record<string, string> =>
  c === undefined
    ? {}
    : {
        mobile: c.identifiers.mobile ?? '',
        email: c.identifiers.email ?? '',
        external_id: c.identifiers.externalId ?? '',
        user_id: c.customerId,
      };

interface Parsed {
  readonly request: RedemptionRequest;
  readonly item: Item;
}

/** A request that cannot be read: its status and the whole answer. */
interface Unreadable {
  readonly status: number;
  readonly body: object;
}

/** A readable request whose amount is refused (801, 878): answered with the customer it names, once the state is read. */
interface BadAmount {
  readonly error: DomainError;
  readonly customer: CustomerIdentifier;
  readonly pointsGiven: unknown;
}

/** `points_redeemed` as the request gave it, for the refusal's echo (a text or a number; nothing else). */
const amountEcho = (given: unknown): Record<string, string> =>
  typeof given === 'string' ? { points_redeemed: given } : typeof given === 'number' ? { points_redeemed: String(given) } : {};

/** The request, or what to answer instead (a bad shape: 400; a bad amount: its business code). */
const parse = async (req: FastifyRequest): Promise<E.Either<Unreadable | BadAmount, Parsed>> => {
  const body = await readJsonBody(req);
  if (!body.ok) return E.left({ status: body.status, body: v11Error(body.status, body.message) });
  const raw = body.value;
  const decoded = decodeRequest(AnyRedeemBody, raw);
  if (E.isLeft(decoded)) return E.left({ status: httpStatus.refused, body: badRequest(`invalid request body: ${decoded.left}`) });
  const query = decodeRequest(PointsQuery, req.query);
  if (E.isLeft(query)) return E.left({ status: httpStatus.refused, body: badRequest(`invalid query: ${query.left}`) });
  const item = decoded.right.redeem[0] as Item;
  const named = customerIdentifiers(item.customer);
  if (named === undefined) return E.left({ status: httpStatus.refused, body: badRequest('redeem[0].customer: give mobile, email, external_id or id') });
  const amount = Points.parsePositivePoints(item.points_redeemed);
  if (E.isLeft(amount)) return E.left({ error: amount.left, customer: named.customer, pointsGiven: item.points_redeemed });
  const group = groupIdentifiers(query.right);
  if (E.isLeft(group)) return E.left({ status: httpStatus.refused, body: badRequest(`invalid query: ${group.left}`) });
  const q = query.right;
  const till: Till | undefined = q.username === undefined ? undefined : { code: q.username };
  if (item.redemption_purpose !== undefined && item.purpose !== undefined && item.redemption_purpose !== item.purpose)
    return E.left({ status: httpStatus.refused, body: badRequest('invalid request body: redeem[0].redemption_purpose and redeem[0].purpose give two different values') });
  const purpose = item.redemption_purpose ?? item.purpose;
  return E.right({
    item,
    request: {
      customer: named.customer,
      ...(named.alsoIdentifiedBy.length === 0 ? {} : { alsoIdentifiedBy: named.alsoIdentifiedBy }),
      points: amount.right,
      ...(q.program_id === undefined ? {} : { programId: q.program_id }),
      ...(group.right === undefined ? {} : { group: group.right }),
      ...(item.transaction_number === undefined ? {} : { transactionNumber: item.transaction_number }),
      ...(item.notes === undefined ? {} : { notes: item.notes }),
      ...(item.custom_fields === undefined ? {} : { customFields: item.custom_fields }),
      ...(purpose === undefined ? {} : { purpose }),
      ...(till === undefined ? {} : { till }),
      ...(item.validation_code === undefined ? {} : { validationCode: item.validation_code }),
      ...(q.skip_validation === undefined ? {} : { skipValidation: q.skip_validation }),
    },
  });
};

const customerOf = (s: OrgState, id: CustomerIdentifier): Customer | undefined => findCustomer(s.org, id.type, id.value);

/** Registers the v1.1 points endpoints. */
export const registerPoints = (app: FastifyInstance, deps: ServerDeps): void => {
  /** Answers a request `parse` refused: a bad amount's item echoes the customer and the points as given, as every refusal's does. */
  const sendParseFailure = (reply: FastifyReply, failure: Unreadable | BadAmount) =>
    'status' in failure
      ? reply.code(failure.status).send(failure.body)
      : reply
          .code(httpStatus.refused)
          .send(v11Refusal(failure.error, { ...customerEcho(customerOf(deps.executor.state, failure.customer)), ...amountEcho(failure.pointsGiven) }));

  const isredeemable = async (req: FastifyRequest, reply: FastifyReply) => {
    const parsed = await parse(req);
    if (E.isLeft(parsed)) return sendParseFailure(reply, parsed.left);
    const { request } = parsed.right;
    const r = await deps.executor.inspect((s, ctx) => isRedeemable(deps.engine, s, request, ctx));
    const echo = customerEcho(customerOf(deps.executor.state, request.customer));
    if (E.isLeft(r)) return reply.code(httpStatus.refused).send(v11Refusal(r.left, { ...echo, points_redeemed: Points.format(request.points) }));
    return reply.code(httpStatus.ok).send(
      v11(true, 200, 'Success', {
        ...echo,
        points_redeemed: Points.format(request.points),
        redeemable: 'true',
        balance: Points.format(r.right.balance),
        item_status: { success: 'true', code: 800, message: 'Points can be redeemed' },
      }),
    );
  };

  const redeem = async (req: FastifyRequest, reply: FastifyReply) => {
    const parsed = await parse(req);
    if (E.isLeft(parsed)) return sendParseFailure(reply, parsed.left);
    const { request } = parsed.right;
    const r = await deps.executor.execute({ ...request, type: 'RedeemPoints', ...requestIdOf(req) });
    const state = deps.executor.state;
    const echo = customerEcho(customerOf(state, request.customer));
    const failed = (e: DomainError) => reply.code(httpStatus.refused).send(v11Refusal(e, { ...echo, points_redeemed: Points.format(request.points) }));
    if (E.isLeft(r)) return failed(r.left);
    const { execution } = r.right;
    if (execution.refusal !== undefined) return failed(execution.refusal);
    const ids = eventIdsOf(execution);
    let record: Redemption | undefined;
    for (const id of ids) record = record ?? redemptionByEvent(r.right.state, id);
    if (record === undefined) return failed({ _tag: 'DomainError', code: 9908, message: 'the redemption of this request is not in the log' });
    const a = redemptionRecordAnswer(r.right.state, record);
    return reply.code(httpStatus.ok).send(
      v11(true, 200, 'Success', {
        ...echo,
        redemption_id: a.redemptionId,
        points_redeemed: Points.format(a.pointsRedeemed),
        redemption_purpose: record.purpose ?? '',
        redeemed_value: a.redeemedValue ?? '',
        redeemed_local_value: a.redeemedValue ?? '',
        balance: Points.format(a.balance),
        side_effects: { effect: [] },
        item_status: { success: 'true', code: 800, message: 'Points redeemed successfully' },
      }),
    );
  };

  const validationCode = async (req: FastifyRequest, reply: FastifyReply) => {
    const body = await bodyOf(req, ValidationCodeBody);
    if (E.isLeft(body)) return sendUnreadable(reply, body.left, v11Error);
    const named = customerIdentifiers(body.right.customer);
    if (named === undefined) return sendUnreadable(reply, { status: httpStatus.refused, message: 'customer: give mobile, email, external_id or id' }, v11Error);
    const { customer } = named;
    const command: IssueRedemptionCode = {
      type: 'IssueRedemptionCode',
      customer,
      ...(named.alsoIdentifiedBy.length === 0 ? {} : { alsoIdentifiedBy: named.alsoIdentifiedBy }),
      ...(body.right.validity_minutes === undefined ? {} : { validityMinutes: body.right.validity_minutes }),
    };
    const r = await deps.executor.execute({ ...command, ...requestIdOf(req) });
    const echo = customerEcho(customerOf(deps.executor.state, customer));
    if (E.isLeft(r)) return sendRefusal(reply, v11Refusal(r.left, echo));
    if (r.right.execution.refusal !== undefined) return sendRefusal(reply, v11Refusal(r.right.execution.refusal, echo));
    // A retried request id issues nothing again: the code went out the first time.
    const issued = r.right.execution.events.find((e): e is OneTimeCodeIssued => e.type === 'OneTimeCodeIssued');
    return reply.code(httpStatus.ok).send(
      v11(true, 200, 'Success', {
        ...echo,
        ...(issued === undefined ? {} : { code_id: issued.codeId, valid_till: formatTimestamp(issued.expiresAt) }),
        item_status: { success: 'true', code: 800, message: 'Validation code issued' },
      }),
    );
  };
  app.post('/v1.1/points/validationCode', validationCode);

  for (const [path, handler] of [
    ['/v1.1/points/isredeemable', isredeemable],
    ['/v1.1/points/redeem', redeem],
  ] as const) {
    app.post(path, handler);
    app.get(path, handler);
  }
};

