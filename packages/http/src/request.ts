/**
 * Reading a request: its JSON body and query through io-ts codecs, with the answer to send instead
 * when they cannot be read (the status, and a message naming the field), and the idempotency key a
 * client may send as the `X-Request-Id` header.
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import type { FastifyRequest } from 'fastify';
import { readJsonBody } from './body';
import { decodeRequest } from './codecs';
import { httpStatus } from './responses';

/** Why a request could not be read: the HTTP status (400 or 413) and a sentence naming the field. */
export interface Unreadable {
  readonly status: number;
  readonly message: string;
}

/** The request's JSON body decoded with `codec`: a body that is not JSON or not of the codec's shape is 400 (too large: 413). */
export const bodyOf = async <A>(req: FastifyRequest, codec: t.Type<A, unknown, unknown>): Promise<E.Either<Unreadable, A>> => {
  const body = await readJsonBody(req);
  if (!body.ok) return E.left({ status: body.status, message: body.message });
  const decoded = decodeRequest(codec, body.value);
  return E.isLeft(decoded) ? E.left({ status: httpStatus.refused, message: `invalid request body: ${decoded.left}` }) : decoded;
};

/** The request's query decoded with `codec` (400 naming the parameter when it does not fit). */
export const queryOf = <A>(req: FastifyRequest, codec: t.Type<A, unknown, unknown>): E.Either<Unreadable, A> => {
  const decoded = decodeRequest(codec, req.query);
  return E.isLeft(decoded) ? E.left({ status: httpStatus.refused, message: `invalid query: ${decoded.left}` }) : decoded;
};

/**
 * The `X-Request-Id` header, when the client sent one: the engine's idempotency key (a retry answers
 * the first outcome and appends nothing). The engine refuses an id longer than its id limit (9908).
 */
export const requestIdOf = (req: FastifyRequest): { readonly requestId?: string } => {
  const h = req.headers['x-request-id'];
  return typeof h === 'string' && h.length > 0 ? { requestId: h } : {};
};
