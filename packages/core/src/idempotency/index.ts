/** Idempotency: commands with a request id are recorded, and a retry returns the first outcome. */
export * from './idempotency';
