/**
 * Seed 004's customer-to-customer transfer endpoints and the transfer history: `POST
 * /v2/points/isTransferrable` (with `issueOtp`, the source customer's code goes to the OTP sink),
 * `POST /v2/points/transfer` (proven by that code), and `GET /v2/points/transfer` (the rows of a
 * customer or a group). The transfers package decides; the body's amount, program and identifiers
 * reach it as the client sent them, so that it answers with the seed's codes (422, 434, 1206, 1207,
 * 885, ...). Answers are v2 bodies: `{data: [...], warnings: [], errors: []}`.
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OrgState, struct } from '@pointfold/core';
import type { Executed } from '../executor';
import {
  CustomerIdentifierInput,
  CustomerSummary,
  IsTransferrable,
  TransferPoints,
  TransferrableAnswer,
  findTransferHistory,
  isTransferrable,
  transferOutcome,
} from '@pointfold/transfers';
import { AnyText, BoolLike, IntLike, Raw, RawObject, TextLike } from '../codecs';
import { ServerDeps } from '../deps';
import { bodyOf, queryOf, requestIdOf } from '../request';
import { httpStatus, v2Data, v2Errors } from '../responses';
import { customerProfile, runCheck, sendRefusal, sendUnreadable } from './common';

const CustomerIdentifierBody = RawObject('customer identifier', ['type', 'value']);

/** Seed 004's body (`pointsTobeTransferred`; seed 003's error messages spell it `pointsToBeTransferred`: both are read). */
const CustomerTransferBody = struct(
  {},
  {
    pointsTobeTransferred: Raw,
    pointsToBeTransferred: Raw,
    programId: Raw,
    notes: AnyText,
    groupProgramTransfer: BoolLike,
    fromCustomerIdentifier: CustomerIdentifierBody,
    toCustomerIdentifier: CustomerIdentifierBody,
    issueOtp: BoolLike,
    code: AnyText,
  },
  { strict: false },
  'body',
);
type CustomerTransferBody = t.TypeOf<typeof CustomerTransferBody>;

/**
 * The amount under either spelling; both given, unless as the same number or text, is a request that
 * cannot be read. Values are compared as sent, never serialised: an array nested thousands deep (which
 * `JSON.parse` takes) would overflow the stack of `JSON.stringify`.
 */
export const amountOf = (b: { readonly pointsTobeTransferred?: unknown; readonly pointsToBeTransferred?: unknown }): E.Either<string, unknown> => {
  const a = b.pointsTobeTransferred;
  const c = b.pointsToBeTransferred;
  if (a !== undefined && c !== undefined && !(a === c && (typeof a !== 'object' || a === null)))
    return E.left('invalid request body: pointsTobeTransferred and pointsToBeTransferred give two different amounts');
  return E.right(a ?? c);
};

/** The fields IsTransferrable and TransferPoints share, from the body (identifiers as sent: the decider reads them). */
const transferRequest = (b: CustomerTransferBody, points: unknown) => ({
  ...(points === undefined ? {} : { points }),
  ...(b.programId === undefined ? {} : { programId: b.programId }),
  ...(b.notes === undefined ? {} : { notes: b.notes }),
  // The decider reads these as raw JSON (an object first: anything else is 1206 / 1207).
  ...(b.fromCustomerIdentifier === undefined ? {} : { fromCustomerIdentifier: b.fromCustomerIdentifier as CustomerIdentifierInput }),
  ...(b.toCustomerIdentifier === undefined ? {} : { toCustomerIdentifier: b.toCustomerIdentifier as CustomerIdentifierInput }),
});

/** A customer of an answer with seed 004's profile fields added (when the customer is known). */
const withProfile = (s: OrgState, summary: CustomerSummary): object => {
  const c = s.org.customers.get(summary.userId);
  return c === undefined ? summary : { ...customerProfile(s, c), ...summary };
};

const TransferHistoryQuery = struct(
  {},
  {
    identifierName: t.string,
    identifierValue: t.string,
    userEntityType: t.string,
    programId: IntLike,
    source: TextLike,
    accountId: TextLike,
  },
  { strict: false },
  'query',
);

/** Registers seed 004's customer transfer endpoints and the transfer history. */
export const registerTransfers = (app: FastifyInstance, deps: ServerDeps): void => {
  const readBody = async (req: FastifyRequest, reply: FastifyReply) => {
    const body = await bodyOf(req, CustomerTransferBody);
    if (E.isLeft(body)) return E.left(sendUnreadable(reply, body.left, v2Errors));
    const points = amountOf(body.right);
    if (E.isLeft(points)) return E.left(sendUnreadable(reply, { status: httpStatus.refused, message: points.left }, v2Errors));
    return E.right({ body: body.right, points: points.right });
  };

  app.post('/v2/points/isTransferrable', async (req, reply) => {
    const read = await readBody(req, reply);
    if (E.isLeft(read)) return read.left;
    const { body, points } = read.right;
    const command: IsTransferrable = {
      type: 'IsTransferrable',
      ...transferRequest(body, points),
      ...(body.issueOtp === undefined ? {} : { issueOtp: body.issueOtp }),
      ...requestIdOf(req),
    };
    const { type: _type, ...request } = command;
    const r = await runCheck(
      deps,
      command,
      (s, ctx) => isTransferrable(deps.engine, s, request, ctx),
      (a) => a.execution,
    );
    if (E.isLeft(r)) return sendRefusal(reply, v2Errors(r.left.code, r.left.message));
    const state = deps.executor.state;
    const a: TransferrableAnswer = r.right.answer;
    return reply.code(httpStatus.ok).send(v2Data([{ ...a, transferFrom: withProfile(state, a.transferFrom), transferTo: withProfile(state, a.transferTo) }]));
  });

  app.post('/v2/points/transfer', async (req, reply) => {
    const read = await readBody(req, reply);
    if (E.isLeft(read)) return read.left;
    const { body, points } = read.right;
    const command: TransferPoints = {
      type: 'TransferPoints',
      ...transferRequest(body, points),
      ...(body.code === undefined ? {} : { code: body.code }),
      ...requestIdOf(req),
    };
    const done = await deps.executor.execute(command);
    const row = transferOutcome(E.map((x: Executed) => x.execution)(done));
    if (E.isLeft(row)) return sendRefusal(reply, v2Errors(row.left.code, row.left.message));
    return reply.code(httpStatus.ok).send(v2Data([row.right]));
  });

  app.get('/v2/points/transfer', async (req, reply) => {
    const q = queryOf(req, TransferHistoryQuery);
    if (E.isLeft(q)) return sendUnreadable(reply, q.left, v2Errors);
    const rows = findTransferHistory(deps.executor.state, {
      ...(q.right.userEntityType === undefined ? {} : { userEntityType: q.right.userEntityType }),
      ...(q.right.identifierName === undefined ? {} : { identifierName: q.right.identifierName }),
      ...(q.right.identifierValue === undefined ? {} : { identifierValue: q.right.identifierValue }),
      ...(q.right.programId === undefined ? {} : { programId: q.right.programId }),
    });
    if (E.isLeft(rows)) return sendRefusal(reply, v2Errors(rows.left.code, rows.left.message));
    return reply.code(httpStatus.ok).send(v2Data(rows.right));
  });
};
