/**
 * What several endpoints share: running a check in the executor's turn (so that a refused check with
 * a request id is recorded, as every refused request with an id is), answering an unreadable request
 * or a refusal in a shape, and a customer as seed 004's customer objects show one.
 */
import * as E from 'fp-ts/Either';
import type { FastifyReply } from 'fastify';
import { CommandBase, CommandContext, Customer, DomainError, Execution, OrgState, formatTimestamp } from '@pointfold/core';
import { cardsOf, segmentsOf } from '@pointfold/rewards';
import { ServerDeps } from '../deps';
import { Unreadable } from '../request';
import { httpStatus } from '../responses';

/**
 * Runs a check (a command that appends nothing when it is accepted, but IsTransferrable's code, which
 * `executionOf` gives to commit) in one turn of the executor, answering through `f`. A check that
 * carries a request id is first decided by the engine itself, so that the id behaves as for any
 * command (docs/decisions.md 36): a refusal is recorded, and stays the answer to that id after the
 * state has changed; the id with another body is 9930. The packages' check functions do not record.
 */
export const runCheck = <A>(
  deps: ServerDeps,
  command: CommandBase,
  f: (state: OrgState, ctx: CommandContext) => E.Either<DomainError, A>,
  executionOf: (answer: A) => Execution | undefined = () => undefined,
): Promise<E.Either<DomainError, A>> =>
  deps.executor.turn(async (turn) => {
    if (command.requestId !== undefined) {
      const first = turn.context();
      const x = deps.engine.execute(turn.state, command, first);
      if (E.isLeft(x)) return x;
      if (x.right.refusal !== undefined) {
        // A fresh refusal appends its record; a retried one appends nothing.
        const done = await turn.commit(x.right, first);
        return E.isLeft(done) ? done : E.left(x.right.refusal);
      }
    }
    const ctx = turn.context();
    const answer = f(turn.state, ctx);
    if (E.isLeft(answer)) return answer;
    const x = executionOf(answer.right);
    if (x === undefined) return answer;
    const done = await turn.commit(x, ctx);
    return E.isLeft(done) ? done : answer;
  });

/** Sends an unreadable request's answer in a shape (`shape(code, message)`), with its status. */
export const sendUnreadable = (reply: FastifyReply, u: Unreadable, shape: (code: number, message: string) => object): FastifyReply =>
  reply.code(u.status).send(shape(u.status, u.message));

/** Sends a business refusal (HTTP 400; the body carries the seed's code). */
export const sendRefusal = (reply: FastifyReply, body: object): FastifyReply => reply.code(httpStatus.refused).send(body);

/** An identifier of a customer as seed 004's profiles list them. */
interface ProfileIdentifier {
  readonly type: string;
  readonly value: string;
}

/**
 * A customer as seed 004's `transferFrom` / `transferTo` show one: `id`, one profile (names, the
 * registration as `attribution.createDate`, identifiers (those registered, then the numbers of the cards
 * issued to the customer, in issue order), the mobile and email as channels, source,
 * `userId`), `loyaltyInfo`, and the reward segments as `{segment: partition}`. Fields the organisation
 * keeps nothing for are left out (the seed's `createdBy`, `autoUpdateTime`) or empty (`fields`).
 */
export const customerProfile = (s: OrgState, c: Customer): object => {
  const ids = c.identifiers;
  const identifiers: ProfileIdentifier[] = [];
  if (ids.mobile !== undefined) identifiers.push({ type: 'mobile', value: ids.mobile });
  if (ids.email !== undefined) identifiers.push({ type: 'email', value: ids.email });
  if (ids.externalId !== undefined) identifiers.push({ type: 'externalId', value: ids.externalId });
  if (ids.cardnumber !== undefined) identifiers.push({ type: 'cardnumber', value: ids.cardnumber });
  // A card issued to the customer names them as a registered card number does (decision 117), so it is listed too (decision 128).
  for (const card of cardsOf(s, c.customerId)) if (card.cardNumber !== ids.cardnumber) identifiers.push({ type: 'cardnumber', value: card.cardNumber });
  const channels = identifiers
    .filter((i) => i.type === 'mobile' || i.type === 'email')
    .map((i) => ({ type: i.type, value: i.value, primary: true, verified: false, meta: { residence: false, office: false }, attributes: {} }));
  const segments: Record<string, string> = {};
  for (const m of segmentsOf(s, c.customerId)) Object.defineProperty(segments, m.segment, { value: m.partition, enumerable: true, writable: true, configurable: true });
  return {
    id: c.customerId,
    profiles: [
      {
        firstName: c.firstName ?? '',
        lastName: c.lastName ?? '',
        attribution: { createDate: formatTimestamp(c.registeredAt) },
        fields: {},
        identifiers,
        commChannels: channels,
        source: c.source,
        userId: c.customerId,
        accountId: '',
        conflictingProfileList: [],
      },
    ],
    loyaltyInfo: { loyaltyType: c.loyaltyEnrolled ? 'loyalty' : 'non_loyalty' },
    segments,
    extendedFields: {},
  };
};
