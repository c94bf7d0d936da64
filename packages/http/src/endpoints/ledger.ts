/**
 * Seed 004's ledger endpoints: `getCustomerLedgerBalance` (closing balances per program and
 * category at a date) and `getCustomerLedgerInfo` (ledger entries per event in a window), answered
 * from the folded state by the core's queries, in the seed's response shapes.
 */
import * as E from 'fp-ts/Either';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  Customer,
  CustomerIdentifierType,
  LedgerEntryType,
  OrgState,
  PointCategoryType,
  Timestamp,
  defaultEndDate,
  findCustomer,
  getCustomerLedgerBalance,
  getCustomerLedgerInfo,
  invalidProgram,
  oneOf,
  programOf,
  struct,
} from '@pointfold/core';
import { DateLike, IntLike, TextLike, BoolLike } from '../codecs';
import { queryOf } from '../request';
import { httpStatus, v2Errors } from '../responses';
import { ServerDeps } from '../deps';

type LedgerIdentifierName = 'mobile' | 'email' | 'externalId' | 'cardnumber' | 'cardExternalId' | 'id';

const LedgerQuery = struct(
  {
    identifierName: oneOf<LedgerIdentifierName>('identifierName', ['mobile', 'email', 'externalId', 'cardnumber', 'cardExternalId', 'id']),
    identifierValue: TextLike,
    source: TextLike,
  },
  {
    accountId: TextLike,
    tillId: TextLike,
    limit: IntLike,
    offset: IntLike,
    startDate: DateLike,
    endDate: DateLike,
    programId: IntLike,
    ledgerEntryType: oneOf<LedgerEntryType>('ledgerEntryType', ['CREDIT', 'DEBIT', 'OPENING_BALANCE']),
    pointCategoryType: oneOf<PointCategoryType>('pointCategoryType', ['REGULAR', 'PROMISED', 'TRIGGER_BASED']),
    includeTillConceptEvents: BoolLike,
  },
  { strict: false },
  'query',
);

const customerDetails = (c: Customer): Record<string, string> => ({
  userId: c.customerId,
  ...(c.identifiers.externalId === undefined ? {} : { externalId: c.identifiers.externalId }),
  ...(c.firstName === undefined ? {} : { firstName: c.firstName }),
  ...(c.lastName === undefined ? {} : { lastName: c.lastName }),
  entityType: 'CUSTOMER',
});

/**
 * A merged customer's ledger is still theirs to read, with a warning naming the survivor (decision 123):
 * the merge moved none of its points, which no command can spend any more (816, 419).
 */
const mergedWarnings = (c: Customer): { status: boolean; code: number; message: string }[] =>
  c.status === 'MERGED'
    ? [{ status: true, code: 419, message: `Merged customer found with id: ${c.customerId} (merged into customer ${c.mergedInto ?? ''}); its points stay in its own accounts` }]
    : [];

/** The customer a ledger query names (cardExternalId: Pointfold keeps no card external ids, so none). */
const customerOf = (s: OrgState, name: LedgerIdentifierName, value: string): Customer | undefined =>
  name === 'cardExternalId' ? undefined : findCustomer(s.org, name as CustomerIdentifierType, value);

/**
 * The date of getCustomerLedgerBalance: `endDate`; else `startDate` + 7 days, as the seed defaults it
 * (and as getCustomerLedgerInfo's window ends); else now.
 */
const balanceDate = (q: typeof LedgerQuery._A, now: Timestamp): Timestamp =>
  q.endDate ?? (q.startDate === undefined ? now : defaultEndDate(q.startDate));

/** Registers the ledger endpoints. */
export const registerLedger = (app: FastifyInstance, deps: ServerDeps): void => {
  const handle = (
    answer: (s: OrgState, c: Customer, q: typeof LedgerQuery._A, now: Timestamp) => E.Either<{ code: number; message: string }, object>,
  ) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      const q = queryOf(req, LedgerQuery);
      if (E.isLeft(q)) return reply.code(q.left.status).send(v2Errors(400, q.left.message));
      const state = deps.executor.state;
      const customer = customerOf(state, q.right.identifierName, q.right.identifierValue);
      if (customer === undefined)
        return reply.code(httpStatus.refused).send(v2Errors(816, `Unable to find customer in this organization (${q.right.identifierName} ${q.right.identifierValue})`));
      if (q.right.programId !== undefined && programOf(state.org, q.right.programId) === undefined)
        return reply.code(httpStatus.refused).send(v2Errors(885, invalidProgram(String(q.right.programId)).message));
      const now = Math.max(deps.runtime.now(), state.lastAt ?? 0) as Timestamp;
      const r = answer(state, customer, q.right, now);
      if (E.isLeft(r)) return reply.code(httpStatus.refused).send(v2Errors(r.left.code, r.left.message));
      return reply.code(httpStatus.ok).send({ ...r.right, warnings: mergedWarnings(customer) });
    };

  const filters = (q: typeof LedgerQuery._A) => ({
    ...(q.limit === undefined ? {} : { limit: q.limit }),
    ...(q.offset === undefined ? {} : { offset: q.offset }),
    ...(q.programId === undefined ? {} : { programId: q.programId }),
    ...(q.tillId === undefined ? {} : { tillId: q.tillId }),
    ...(q.ledgerEntryType === undefined ? {} : { ledgerEntryType: q.ledgerEntryType }),
    ...(q.pointCategoryType === undefined ? {} : { pointCategoryType: q.pointCategoryType }),
  });

  app.get(
    '/v2/pointsLedger/getCustomerLedgerBalance',
    handle((s, c, q, now) =>
      E.map((a: { ledgerDetails: object }) => ({ customerDetails: customerDetails(c), ledgerDetails: a.ledgerDetails, warnings: [] }))(
        getCustomerLedgerBalance(s, { entity: { type: 'CUSTOMER', id: c.customerId }, endDate: balanceDate(q, now), ...filters(q) }),
      ),
    ),
  );

  app.get(
    '/v2/pointsLedger/getCustomerLedgerInfo',
    handle((s, c, q, now) => {
      if (q.includeTillConceptEvents === true && q.programId === undefined)
        return E.left({ code: 400, message: 'includeTillConceptEvents needs a programId: invalid input combination' });
      return E.map((a: { ledgerDetails: object; ledgerEntries: readonly object[] }) => ({
        customerDetails: customerDetails(c),
        ledgerDetails: a.ledgerDetails,
        ledgerEntries: a.ledgerEntries,
        warnings: [],
      }))(
        getCustomerLedgerInfo(s, {
          entity: { type: 'CUSTOMER', id: c.customerId },
          now,
          ...(q.startDate === undefined ? {} : { startDate: q.startDate }),
          ...(q.endDate === undefined ? {} : { endDate: q.endDate }),
          ...filters(q),
        }),
      );
    }),
  );
};
