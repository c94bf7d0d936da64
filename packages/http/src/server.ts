/**
 * The HTTP server: fastify with the seed endpoints, over one organisation's store. Bodies are parsed
 * by the endpoints (so that a body that is not JSON gets the endpoint's own error shape), bodies over
 * 1 MiB are refused (413), an unknown path is 404, and a client's input never reaches a 500: anything
 * unexpected is a bug, logged, and answered 500 without details. Errors raised before an endpoint runs
 * answer in the shape of the path's family (v1.1, reward issue, or v2).
 */
import Fastify, { FastifyInstance, FastifyReply } from 'fastify';
import { Engine } from '@pointfold/core';
import { bodyLimitBytes } from './body';
import { CommandStore, Executor, OtpSink } from './executor';
import { Runtime, systemRuntime } from './runtime';
import { errorBodyFor, httpStatus } from './responses';
import { ServerDeps } from './deps';
import { RewardVendor, noVendor, vendorTimeoutMsDefault } from './vendor';
import { registerLedger } from './endpoints/ledger';
import { registerPoints } from './endpoints/points';
import { registerTransfers } from './endpoints/transfers';
import { registerGroupTransfers } from './endpoints/group-transfers';
import { registerReversal } from './endpoints/reversal';
import { registerRewards } from './endpoints/rewards';

/** What a server needs. */
export interface ServerOptions {
  readonly engine: Engine;
  readonly store: CommandStore;
  /** The clock, ids and tokens (default: the real ones). */
  readonly runtime?: Runtime;
  /** Where one-time codes are sent (default: nowhere; `pointfold serve --print-otp` prints them). */
  readonly otpSink?: OtpSink;
  /** The vendor of VENDOR rewards (default `noVendor`: no voucher, so such rewards are refused with 8003). */
  readonly vendor?: RewardVendor;
  /** How long the vendor may take, in milliseconds (default 10,000; a slower answer is a failure). */
  readonly vendorTimeoutMs?: number;
  /** Fastify's logger (default off). */
  readonly logger?: boolean;
}

/** The status of a framework error, when it has one. */
const statusOf = (err: unknown): number | undefined => {
  const s = typeof err === 'object' && err !== null ? (err as { statusCode?: unknown }).statusCode : undefined;
  return typeof s === 'number' ? s : undefined;
};

/**
 * A server over a store, not yet listening.
 * @example const app = createServer({ engine, store }); await app.listen({ port: 8080, host: '127.0.0.1' });
 */
export const createServer = (options: ServerOptions): FastifyInstance => {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: bodyLimitBytes,
    routerOptions: { ignoreDuplicateSlashes: true, ignoreTrailingSlash: true },
    // Errors fastify meets before routing (a malformed URL, a bad header): the path's shape, never a 500.
    frameworkErrors: (err, req, res) => {
      const status = statusOf(err) ?? httpStatus.refused;
      const reply: FastifyReply = res;
      void reply.code(status).send(errorBodyFor(req.url, status, err.message));
    },
  });
  // Every body is read as text; the endpoints parse it and answer in their own shapes.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  const runtime = options.runtime ?? systemRuntime;
  const deps: ServerDeps = {
    engine: options.engine,
    executor: new Executor(options.engine, options.store, runtime, options.otpSink),
    runtime,
    vendor: options.vendor ?? noVendor,
    vendorTimeoutMs: options.vendorTimeoutMs ?? vendorTimeoutMsDefault,
  };
  registerLedger(app, deps);
  registerPoints(app, deps);
  registerTransfers(app, deps);
  registerGroupTransfers(app, deps);
  registerReversal(app, deps);
  registerRewards(app, deps);
  app.setNotFoundHandler((req, reply) =>
    reply.code(httpStatus.notFound).send(errorBodyFor(req.url, httpStatus.notFound, `no endpoint ${req.method} ${req.url.split('?')[0] ?? ''}`)),
  );
  app.setErrorHandler((err, req, reply) => {
    const status = statusOf(err) ?? 500;
    if (status === httpStatus.tooLarge)
      return reply.code(httpStatus.tooLarge).send(errorBodyFor(req.url, httpStatus.tooLarge, `the request body is larger than ${bodyLimitBytes} bytes`));
    if (status >= 400 && status < 500) return reply.code(status).send(errorBodyFor(req.url, status, err instanceof Error ? err.message : 'bad request'));
    req.log.error(err);
    return reply.code(500).send(errorBodyFor(req.url, 500, 'internal error'));
  });
  return app;
};
