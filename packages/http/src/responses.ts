/**
 * Response bodies in the seeds' shapes. v2 endpoints (transfers, reversal, ledger) answer
 * `{data, warnings, errors}` with `errors: [{status: false, code, message}]` (seed 003); v1.1 points
 * endpoints answer `{response: {status, responses: {points: {..., item_status}}}}` (seed 001); the
 * reward issue answers `{status: {success, code, message, partnerError?}, ...}` (seeds 000, 002).
 */

/** A v2 error body. */
export const v2Errors = (code: number, message: string): { warnings: never[]; errors: { status: false; code: number; message: string }[] } => ({
  warnings: [],
  errors: [{ status: false, code, message }],
});

/** A v2 success body. */
export const v2Data = <A>(data: readonly A[]): { data: readonly A[]; warnings: never[]; errors: never[] } => ({ data, warnings: [], errors: [] });

/** HTTP statuses Pointfold answers with. */
export const httpStatus = {
  ok: 200,
  /** Bad input and business refusals alike: the body carries the seed's code. */
  refused: 400,
  notFound: 404,
  tooLarge: 413,
} as const;
