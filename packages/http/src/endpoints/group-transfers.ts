/**
 * Group transfers (seeds 003 and 004): `POST /v2/points/userGroup2/isTransferrable` and `POST
 * /v2/points/userGroup2/transfer`, group to customer, customer to group and group to group on behalf of
 * `transferredBy`. The transfers package decides; the amount, program and the three entity objects
 * reach it as the client sent them (only their known keys copied), so that it answers with the seeds'
 * codes (422, 434, 830, 1206, 1207, 1208, 1645, 885, 807, 8015, ...). Answers are v2 bodies.
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { struct } from '@pointfold/core';
import { GroupTransferRequest, IsGroupTransferrable, TransferEntityInput, TransferGroupPoints, TransferUserInput, isGroupTransferrable, transferOutcome } from '@pointfold/transfers';
import { AnyText, Raw, RawObject } from '../codecs';
import { ServerDeps } from '../deps';
import type { Executed } from '../executor';
import { bodyOf, requestIdOf } from '../request';
import { httpStatus, v2Data, v2Errors } from '../responses';
import { runCheck, sendRefusal, sendUnreadable } from './common';
import { amountOf } from './transfers';

const Entity = RawObject('entity', ['type', 'identifierType', 'identifierValue', 'source', 'accountId']);
const User = RawObject('transferredBy', ['identifierType', 'identifierValue', 'source', 'accountId']);

/** Seed 003's body. */
const GroupTransferBody = struct(
  {},
  {
    pointsTobeTransferred: Raw,
    pointsToBeTransferred: Raw,
    programId: Raw,
    notes: AnyText,
    transferredBy: User,
    fromEntity: Entity,
    toEntity: Entity,
  },
  { strict: false },
  'body',
);
type GroupTransferBody = t.TypeOf<typeof GroupTransferBody>;

/** The request as the transfers package reads it (entities as sent: the decider checks each is an object first). */
const groupRequest = (b: GroupTransferBody, points: unknown): GroupTransferRequest => ({
  ...(points === undefined ? {} : { points }),
  ...(b.programId === undefined ? {} : { programId: b.programId }),
  ...(b.notes === undefined ? {} : { notes: b.notes }),
  ...(b.fromEntity === undefined ? {} : { fromEntity: b.fromEntity as TransferEntityInput }),
  ...(b.toEntity === undefined ? {} : { toEntity: b.toEntity as TransferEntityInput }),
  ...(b.transferredBy === undefined ? {} : { transferredBy: b.transferredBy as TransferUserInput }),
});

/** Registers the group transfer endpoints. */
export const registerGroupTransfers = (app: FastifyInstance, deps: ServerDeps): void => {
  const read = async (req: FastifyRequest, reply: FastifyReply): Promise<E.Either<FastifyReply, GroupTransferRequest>> => {
    const body = await bodyOf(req, GroupTransferBody);
    if (E.isLeft(body)) return E.left(sendUnreadable(reply, body.left, v2Errors));
    const points = amountOf(body.right);
    if (E.isLeft(points)) return E.left(sendUnreadable(reply, { status: httpStatus.refused, message: points.left }, v2Errors));
    return E.right(groupRequest(body.right, points.right));
  };

  app.post('/v2/points/userGroup2/isTransferrable', async (req, reply) => {
    const request = await read(req, reply);
    if (E.isLeft(request)) return request.left;
    const command: IsGroupTransferrable = { type: 'IsGroupTransferrable', ...request.right, ...requestIdOf(req) };
    // The check function is given the request without its id: it expects none (a refusal it reads from
    // the plan), and runCheck records a refused request id itself.
    const r = await runCheck(deps, command, (s, ctx) => isGroupTransferrable(deps.engine, s, request.right, ctx));
    if (E.isLeft(r)) return sendRefusal(reply, v2Errors(r.left.code, r.left.message));
    return reply.code(httpStatus.ok).send(v2Data([r.right]));
  });

  app.post('/v2/points/userGroup2/transfer', async (req, reply) => {
    const request = await read(req, reply);
    if (E.isLeft(request)) return request.left;
    const command: TransferGroupPoints = { type: 'TransferGroupPoints', ...request.right, ...requestIdOf(req) };
    const done = await deps.executor.execute(command);
    const row = transferOutcome(E.map((x: Executed) => x.execution)(done));
    if (E.isLeft(row)) return sendRefusal(reply, v2Errors(row.left.code, row.left.message));
    return reply.code(httpStatus.ok).send(v2Data([row.right]));
  });
};
