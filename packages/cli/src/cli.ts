/**
 * The `pointfold` command line: its commands, options, help and exit statuses, built with
 * commander. Everything it prints goes through a `CliIo`, so tests run it in-process and the
 * binary (`bin.ts`) only wires it to the real process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError } from 'commander';
import { createPointfoldEngine } from './engine';
import { exitBadInput, exitInternalError, exitOk } from './exit-codes';
import { ReplayIo, runReplay } from './replay';
import { runServe } from './serve';

/** Where the command line writes, and the terminal (if any) that progress bars may use. */
export type CliIo = ReplayIo;

/** The real process: stdout, stderr, and stderr for progress when it is a terminal. */
export const processIo = (): CliIo => ({
  out: (text) => {
    process.stdout.write(text);
  },
  err: (text) => {
    process.stderr.write(text);
  },
  ...(process.stderr.isTTY ? { progress: process.stderr } : {}),
});

/** The package's version, read from its package.json (one level above both `src/` and `dist/`). */
const version = (): string => {
  try {
    const pkg: unknown = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
    const v = typeof pkg === 'object' && pkg !== null ? (pkg as { version?: unknown }).version : undefined;
    return typeof v === 'string' ? v : 'unknown';
  } catch {
    return 'unknown';
  }
};

const exitStatusHelp = `
Exit status:
  0  success
  1  an internal error (a bug: please report it)
  2  bad input: usage, an invalid option, a missing file, or a bad history`;

const replayHelp = `
The history is a JSONL file, one event a line (see the README). A bad history is
refused as a whole: nothing on stdout, "FILE:LINE: reason" on stderr, exit status 2.
With --json, stdout is one JSON object:
  {"eventsRead": N, "at": "...", "balances": [{"entityType", "entityId", "programId",
   "pointsCategory", "closingBalance": "30000.000"}, ...]}
sorted by entityType, entityId, programId, pointsCategory.

Examples:
  $ pointfold replay history.jsonl
  $ pointfold replay history.jsonl --at 2026-03-31T23:59:59Z --json
  $ pointfold replay history.jsonl --at 2026-03-31   # midnight UTC
${exitStatusHelp}`;

/**
 * The program, writing through `io`; `setExit` receives each command's exit status.
 * Commander's own exits are turned into exceptions (`exitOverride`) so that `main` decides the status.
 */
export const buildProgram = (io: CliIo, setExit: (status: number) => void): Command => {
  const program = new Command();
  program
    .name('pointfold')
    .description('Pointfold: an event-sourced loyalty-points engine. Replays ledger histories, prints balances, serves the seed API.')
    .version(version(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  $ pointfold replay history.jsonl
  $ pointfold replay history.jsonl --at 2026-03-31T23:59:59Z --json
  $ pointfold serve history.jsonl --port 8080
  $ pointfold replay --help
${exitStatusHelp}`,
    );

  program
    .command('replay')
    .description('fold a history file and print the closing balances of every account at a date')
    .argument('<file>', 'the history: a JSONL file, one event a line')
    .option('--at <iso>', 'the date of the balances, ISO-8601 (without a zone: UTC); default: the time of the last event')
    .option('--json', 'print one JSON object instead of a table')
    .addHelpText('after', replayHelp)
    .action(async (file: string, options: { at?: string; json?: boolean }) => {
      setExit(await runReplay(file, options, io, createPointfoldEngine()));
    });

  program
    .command('serve')
    .description('serve the seed HTTP endpoints over a history file (created if missing), appending every event durably')
    .argument('<file>', 'the history: a JSONL file, one event a line')
    .option('--port <n>', 'the port to listen on (0: any free port)', '8080')
    .option('--host <h>', 'the address to listen on', '127.0.0.1')
    .option('--print-otp', 'print each one-time code issued to stderr as {"otp","customerId"} (development only)')
    .addHelpText(
      'after',
      `
One writer per file: a second \`serve\` of the same file is refused. A torn last append
(a crash during a write) is cut off and reported on stderr. SIGTERM or SIGINT stops the
server after the requests in flight.

Examples:
  $ pointfold serve examples/retail.jsonl --port 8080
  $ curl -s 'http://127.0.0.1:8080/v2/pointsLedger/getCustomerLedgerBalance?identifierName=externalId&identifierValue=tomanatest2&source=INSTORE'
${exitStatusHelp}`,
    )
    .action(async (file: string, options: { port?: string; host?: string; printOtp?: boolean }) => {
      setExit(await runServe(file, options, io));
    });

  return program;
};

/**
 * Runs the command line on `argv` (as `process.argv`: node, script, then the arguments) and
 * returns the exit status. It never calls `process.exit`, so output is flushed before the end.
 * @example process.exitCode = await main(process.argv);
 */
export const main = async (argv: readonly string[], io: CliIo = processIo()): Promise<number> => {
  let status = exitOk;
  const program = buildProgram(io, (s) => {
    status = s;
  });
  try {
    await program.parseAsync([...argv]);
    return status;
  } catch (e) {
    // Help and version exit with 0; every usage error (unknown option, missing file argument, ...) is bad input.
    if (e instanceof CommanderError) return e.exitCode === 0 ? exitOk : exitBadInput;
    io.err(`pointfold: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return exitInternalError;
  }
};
