/**
 * `pointfold serve FILE`: the seed endpoints over the history in FILE. The file is opened as the
 * organisation's store (created if missing; a torn last append is cut off and reported), every
 * accepted command's events are appended and fsynced before the answer, and SIGTERM or SIGINT stops
 * the server gracefully: it stops accepting, finishes what is in flight, and releases the file.
 * Reward vendors are not configured from the command line: VENDOR rewards are refused (8003).
 */
import * as E from 'fp-ts/Either';
import { createServer, OtpSink } from '@pointfold/http';
import { createPointfoldEngine } from './engine';
import { exitBadInput, exitInternalError, exitOk } from './exit-codes';
import { JsonlFileStore } from './store/file-store';
import { defaultDecodeWorkerScript } from './store/decoded';
import { formatHistoryError, printable } from './store/history';
import { ReplayIo } from './replay';

/** The options of `pointfold serve`. */
export interface ServeOptions {
  readonly port?: string;
  readonly host?: string;
  readonly printOtp?: boolean;
}

/** A running server: its address, and how to stop it. */
export interface Serving {
  readonly url: string;
  stop(): Promise<void>;
}

const parsePort = (text: string | undefined): number | undefined => {
  if (text === undefined) return 8080;
  const n = Number(text);
  return /^\d{1,5}$/.test(text) && n <= 65535 ? n : undefined;
};

/**
 * Starts serving FILE; resolves once listening (or with the exit status of a refusal to start).
 * @example const s = await startServe('org.jsonl', { port: '0' }, io); if (E.isRight(s)) await s.right.stop();
 */
export const startServe = async (file: string, options: ServeOptions, io: ReplayIo): Promise<E.Either<number, Serving>> => {
  const port = parsePort(options.port);
  if (port === undefined) {
    io.err(`pointfold serve: --port must be a port number (0 to 65535), got ${printable(options.port ?? '')}\n`);
    return E.left(exitBadInput);
  }
  // An empty host would make the server listen on every interface: refused, as a host that is only spaces.
  const host = options.host ?? '127.0.0.1';
  if (host.trim() === '') {
    io.err('pointfold serve: --host must name a host or an address, got an empty text\n');
    return E.left(exitBadInput);
  }
  const engine = createPointfoldEngine();
  const script = defaultDecodeWorkerScript();
  const opened = await JsonlFileStore.open(file, engine, script === undefined ? { recoverTorn: true } : { recoverTorn: true, decodeWorker: script });
  if (E.isLeft(opened)) {
    const e = opened.left;
    io.err(e._tag === 'HistoryError' ? `${formatHistoryError(file, e)}\n` : `${printable(file)}: ${printable(e.reason)}\n`);
    return E.left(exitBadInput);
  }
  const { store, notice } = opened.right;
  if (notice !== undefined) io.err(`${printable(notice)}\n`);
  const otpSink: OtpSink | undefined = options.printOtp === true ? (d) => io.err(`${JSON.stringify({ otp: d.otp, customerId: d.customerId })}\n`) : undefined;
  const app = createServer({ engine, store, ...(otpSink === undefined ? {} : { otpSink }) });
  try {
    await app.listen({ port, host });
  } catch (err) {
    await store.close();
    io.err(`pointfold serve: cannot listen on ${printable(host)}:${port}: ${err instanceof Error ? err.message : String(err)}\n`);
    return E.left(exitBadInput);
  }
  const address = app.server.address();
  const url = typeof address === 'object' && address !== null ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}` : String(address);
  io.err(`pointfold: serving ${printable(file)} (${store.version} events) on ${url}\n`);
  let stopping: Promise<void> | undefined;
  return E.right({
    url,
    stop: () => {
      stopping ??= (async () => {
        await app.close();
        await store.close();
      })();
      return stopping;
    },
  });
};

/**
 * `pointfold serve`: serves until SIGTERM or SIGINT, then stops gracefully and exits 0: no new
 * connection is accepted, the requests in flight are answered (their commands appended first), the
 * file is closed and its lock released. A second signal while stopping is not caught: it ends the
 * process at once (what was appended is durable; an answer may be lost).
 */
export const runServe = async (file: string, options: ServeOptions, io: ReplayIo): Promise<number> => {
  const started = await startServe(file, options, io);
  if (E.isLeft(started)) return started.left;
  const serving = started.right;
  return new Promise<number>((resolve) => {
    const stop = (signal: string): void => {
      io.err(`pointfold: ${signal}: stopping after the requests in flight\n`);
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      void serving.stop().then(
        () => {
          io.err('pointfold: stopped\n');
          resolve(exitOk);
        },
        (e: unknown) => {
          io.err(`pointfold: internal error while stopping: ${e instanceof Error ? e.message : String(e)}\n`);
          resolve(exitInternalError);
        },
      );
    };
    const onTerm = (): void => stop('SIGTERM');
    const onInt = (): void => stop('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
  });
};
