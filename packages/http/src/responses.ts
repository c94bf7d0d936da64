/**
 * Response bodies in the seeds' shapes. v2 endpoints (transfers, reversal, ledger) answer
 * `{data, warnings, errors}` with `errors: [{status: false, code, message}]` (seed 003); v1.1 points
 * endpoints answer `{response: {status, responses: {points: {..., item_status}}}}` (seed 001); the
 * reward issue answers `{status: {success, code, message, partnerError?}, ...}` (seeds 000, 002).
 * `errorBodyFor` picks the shape from the path, so that errors raised before an endpoint runs (a body
 * too large, an unknown path, a malformed URL) still answer in the shape the client expects.
 */

/** A v2 error body. */
export const v2Errors = (code: number, message: string): { warnings: never[]; errors: { status: false; code: number; message: string }[] } => ({
  warnings: [],
  errors: [{ status: false, code, message }],
});

/** A v2 success body. */
export const v2Data = <A>(data: readonly A[]): { data: readonly A[]; warnings: never[]; errors: never[] } => ({ data, warnings: [], errors: [] });

/** A v1.1 answer: `response.status` and one item under `responses[item]` (`points`, `validation_code`, ...). */
export const v11 = (success: boolean, code: number, message: string, item: Record<string, unknown>, itemName = 'points'): object => ({
  response: {
    status: { success: success ? 'true' : 'false', code, message },
    responses: { [itemName]: item },
  },
});

/** A v1.1 business refusal: the request-level 500 of the seed's batch API and the item's own code. */
export const v11Refusal = (e: { readonly code: number; readonly message: string }, item: Record<string, unknown> = {}, itemName = 'points'): object =>
  v11(false, 500, 'All requests have failed due to errors', { ...item, item_status: { success: 'false', code: e.code, message: e.message } }, itemName);

/** A v1.1 request that could not be read (HTTP 400, 404, 413): the same code at both levels. */
export const v11Error = (code: number, message: string, itemName = 'points'): object =>
  v11(false, code, message, { item_status: { success: 'false', code, message } }, itemName);

/** A reward issue failure whose code is the HTTP layer's (a body that cannot be read), in seed 002's shape. */
export const rewardError = (code: number, message: string): object => ({
  status: { success: false, code, message },
  intouch: null,
  promotion: null,
  vendor: null,
});

/** The path prefix of the reward endpoints (seed 002). */
export const rewardPathPrefix = '/api_gateway/rewards/';

/**
 * An error body in the shape of the endpoint family a path belongs to: v1.1, reward issue, or v2
 * (the default, also for paths that name no endpoint).
 */
export const errorBodyFor = (url: string, code: number, message: string): object => {
  const path = (url.split('?')[0] ?? '').replace(/\/{2,}/g, '/');
  if (path.startsWith('/v1.1/')) return v11Error(code, message);
  if (path.startsWith(rewardPathPrefix)) return rewardError(code, message);
  return v2Errors(code, message);
};

/** HTTP statuses Pointfold answers with. */
export const httpStatus = {
  ok: 200,
  /** Bad input and business refusals alike: the body carries the seed's code. */
  refused: 400,
  notFound: 404,
  tooLarge: 413,
} as const;
