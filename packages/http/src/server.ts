/**
 * The HTTP server: fastify with the seed endpoints, over one organisation's store. Bodies are parsed
 * by the endpoints (so that a body that is not JSON gets the endpoint's own error shape), bodies over
 * 1 MiB are refused, an unknown path is 404, and a client's input never reaches a 500: anything
 * unexpected is a bug, logged, and answered 500 without details.
 */
import Fastify, { FastifyInstance } from 'fastify';
import { Engine } from '@pointfold/core';
import { bodyLimitBytes } from './body';
import { CommandStore, Executor, OtpSink } from './executor';
import { Runtime, systemRuntime } from './runtime';
import { httpStatus, v2Errors } from './responses';
import { ServerDeps } from './deps';
import { registerLedger } from './endpoints/ledger';
import { registerPoints } from './endpoints/points';

/** What a server needs. */
export interface ServerOptions {
  readonly engine: Engine;
  readonly store: CommandStore;
  /** The clock, ids and tokens (default: the real ones). */
  readonly runtime?: Runtime;
  /** Where one-time codes are sent (default: nowhere; `pointfold serve --print-otp` prints them). */
  readonly otpSink?: OtpSink;
  /** Fastify's logger (default off). */
  readonly logger?: boolean;
}

/**
 * A server over a store, not yet listening.
 * @example const app = createServer({ engine, store }); await app.listen({ port: 8080, host: '127.0.0.1' });
 */
export const createServer = (options: ServerOptions): FastifyInstance => {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: bodyLimitBytes,
    routerOptions: { ignoreDuplicateSlashes: true, ignoreTrailingSlash: true },
  });
  // Every body is read as text; the endpoints parse it and answer in their own shapes.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  const runtime = options.runtime ?? systemRuntime;
  const deps: ServerDeps = { engine: options.engine, executor: new Executor(options.engine, options.store, runtime, options.otpSink), runtime };
  registerLedger(app, deps);
  registerPoints(app, deps);
  app.setNotFoundHandler((req, reply) => reply.code(httpStatus.notFound).send(v2Errors(404, `no endpoint ${req.method} ${req.url.split('?')[0] ?? ''}`)));
  app.setErrorHandler((err, req, reply) => {
    const status = typeof (err as { statusCode?: unknown }).statusCode === 'number' ? (err as { statusCode: number }).statusCode : 500;
    if (status === 413) return reply.code(httpStatus.tooLarge).send(v2Errors(413, `the request body is larger than ${bodyLimitBytes} bytes`));
    if (status >= 400 && status < 500) return reply.code(status).send(v2Errors(status, err instanceof Error ? err.message : 'bad request'));
    req.log.error(err);
    return reply.code(500).send(v2Errors(500, 'internal error'));
  });
  return app;
};
