/**
 * The `pointfold` command line: its commands, options, help and exit statuses, built with
 * commander. Everything it prints goes through a `CliIo`, so tests run it in-process and the
 * binary (`bin.ts`) only wires it to the real process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { createPointfoldEngine } from './engine';
import { exitBadInput, exitInternalError, exitOk } from './exit-codes';
import { ReplayIo, runReplay } from './replay';
import { defaultDecodeWorkerScript } from './store/decoded';
import { runServe } from './serve';
import { runBalance } from './balance';
import { runEntries } from './entries';
import { runVerify } from './verify';
import { runExplain } from './explain';

/**
 * The parser of an option that takes a value: the value, once. The same option given twice (`--at X
 * --at Y`) is a usage error rather than the last one silently winning, since a script that repeats an
 * option by mistake would otherwise get an answer to another question.
 */
const once = (value: string, previous: string | undefined): string => {
  if (previous !== undefined) throw new InvalidArgumentError(`given twice (${JSON.stringify(previous)}, then ${JSON.stringify(value)}); give it once`);
  return value;
};

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
  ...withDecodeWorker(defaultDecodeWorkerScript()),
});

/** Histories are decoded in a worker thread when its script is there (it is, once built). */
const withDecodeWorker = (script: string | undefined): { decodeWorker?: string } => (script === undefined ? {} : { decodeWorker: script });

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

const exitStatusLines = `
Exit status:
  0  success
  1  an internal error (a bug: please report it)
  2  bad input: usage, an invalid option, a missing file, or a bad history`;
const outputFailedLine = `
  4  the output could not be written (a full disk, a device error; a reader that stops early is no error)`;

const exitStatusHelp = `${exitStatusLines}${outputFailedLine}`;

const verifyExitStatusHelp = `${exitStatusLines}
  3  verify: a balance invariant broke after some event (a bug: stderr names its line; please report it)${outputFailedLine}`;

const identifiersHelp = `
TYPE:VALUE names a customer by id, mobile, email, externalId or cardnumber
(--customer mobile:919740010000), a group by id or externalId (--group externalId:fleet-7).
Dates are ISO-8601; without a zone they are UTC, a date alone is its midnight UTC.
A bad history is refused as a whole: nothing on stdout, "FILE:LINE: reason" on stderr.`;

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
    .description('Pointfold: an event-sourced loyalty-points engine. Replays ledger histories, prints balances, entries and lots, verifies invariants, serves the seed API.')
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
  $ pointfold balance history.jsonl --customer mobile:919740010000
  $ pointfold entries history.jsonl --customer id:502522200 --from 2026-01-01 --to 2026-03-31T23:59:59Z
  $ pointfold verify history.jsonl
  $ pointfold explain history.jsonl --customer id:502522200 --program 1745
  $ pointfold serve history.jsonl --port 8080
  $ pointfold replay --help
${verifyExitStatusHelp}`,
    );

  program
    .command('replay')
    .description('fold a history file and print the closing balances of every account at a date')
    .argument('<file>', 'the history: a JSONL file, one event a line')
    .option('--at <iso>', 'the date of the balances, ISO-8601 (without a zone: UTC); default: the time of the last event', once)
    .option('--json', 'print one JSON object instead of a table')
    .addHelpText('after', replayHelp)
    .action(async (file: string, options: { at?: string; json?: boolean }) => {
      setExit(await runReplay(file, options, io, createPointfoldEngine()));
    });

  program
    .command('balance')
    .description("print a customer's (and a group's) closing balances per program and category at a date")
    .argument('<file>', 'the history: a JSONL file, one event a line')
    .option('--customer <TYPE:VALUE>', 'the customer: id, mobile, email, externalId or cardnumber', once)
    .option('--group <TYPE:VALUE>', "a group's wallet too (or alone): id or externalId", once)
    .option('--program <id>', 'one program only', once)
    .option('--at <iso>', 'the date of the balances; default: the time of the last event', once)
    .option('--json', 'print one JSON object instead of a table')
    .addHelpText(
      'after',
      `
Every row of getCustomerLedgerBalance (seed 004), all pages. With --json, stdout is one object:
  {"eventsRead": N, "at": "...", "entities": [{"entityType", "entityId",
   "ledgerClosingBalance": [{"pointsCategory", "programName", "programId", "closingBalance"}]}]}
${identifiersHelp}

Examples:
  $ pointfold balance examples/retail.jsonl --customer mobile:919740010000
  $ pointfold balance examples/retail.jsonl --customer externalId:tomanatest2 --program 1745 --at 2026-03-01 --json
${exitStatusHelp}`,
    )
    .action(async (file: string, options: { customer?: string; group?: string; program?: string; at?: string; json?: boolean }) => {
      setExit(await runBalance(file, options, io, createPointfoldEngine()));
    });

  program
    .command('entries')
    .description("print a customer's ledger entries per event from one date to another (any window, every entry)")
    .argument('<file>', 'the history: a JSONL file, one event a line')
    .option('--customer <TYPE:VALUE>', 'the customer: id, mobile, email, externalId or cardnumber', once)
    .option('--group <TYPE:VALUE>', "a group's wallet too (or alone): id or externalId", once)
    .option('--from <iso>', "the window's first instant (inclusive)", once)
    .option('--to <iso>', "the window's last instant (inclusive)", once)
    .option('--json', 'print one JSON object instead of a table')
    .addHelpText(
      'after',
      `
The entries of getCustomerLedgerInfo (seed 004), without its page limit. The seed's API
allows 30 days a query; here the window may be as long as you like (it is read 30 days at
a time, in order). With --json, stdout is one object:
  {"eventsRead": N, "from": "...", "to": "...", "entities": [{"entityType", "entityId",
   "ledgerEntries": [{"eventLogId", "eventName", "ledgerCreatedDate", "entryDetails": [...],
   "netPointsOnEvent", ...}]}]}
${identifiersHelp}

Examples:
  $ pointfold entries examples/retail.jsonl --customer id:502522200 --from 2026-01-01 --to 2026-02-01
  $ pointfold entries examples/retail.jsonl --customer email:asha.sawyer0@example.com --from 2026-01-01 --to 2026-12-31 --json
${exitStatusHelp}`,
    )
    .action(async (file: string, options: { customer?: string; group?: string; from?: string; to?: string; json?: boolean }) => {
      setExit(await runEntries(file, options, io, createPointfoldEngine()));
    });

  program
    .command('verify')
    .description('replay a history checking every balance invariant after every event, and summarise it')
    .argument('<file>', 'the history: a JSONL file, one event a line')
    .option('--json', 'print one JSON object instead of tables')
    .addHelpText(
      'after',
      `
After every event: every program's balances (system accounts included) sum to zero, and each
lot and account the event touched is within its bounds (not below zero, not above what a lot
was created with, an account holding what its lots hold); the whole state again at the end.
Prints the events, entities, the points held per program and category, and the points issued,
redeemed (net of reversals), expired, transferred and adjusted. A history that breaks an
invariant (only a bug can make one) exits with 3 and "FILE:LINE: ..." on stderr, naming the
first event after which the state is broken.

Examples:
  $ pointfold verify examples/retail.jsonl
  $ pointfold verify examples/retail.jsonl --json
${verifyExitStatusHelp}`,
    )
    .action(async (file: string, options: { json?: boolean }) => {
      setExit(await runVerify(file, options, io, createPointfoldEngine()));
    });

  program
    .command('explain')
    .description("show the lots that make up a customer's balance in a program: from which events, when each expires, what took from each")
    .argument('<file>', 'the history: a JSONL file, one event a line')
    .option('--customer <TYPE:VALUE>', 'the customer: id, mobile, email, externalId or cardnumber', once)
    .option('--group <TYPE:VALUE>', "a group's wallet instead: id or externalId", once)
    .option('--program <id>', 'the program', once)
    .option('--at <iso>', 'the date of the balance; default: the time of the last event', once)
    .option('--json', 'print one JSON object instead of a table')
    .addHelpText(
      'after',
      `
Every lot the customer had in the program by the date, oldest first, per category: its
original points, what it held at the date, its expiry, and every event that changed it (a
redemption, transfer, reward, reversal, deduction or expiry is named). The balance of a
category is what its open lots hold, as getCustomerLedgerBalance says.
${identifiersHelp}

Examples:
  $ pointfold explain examples/retail.jsonl --customer id:502522200 --program 1745
  $ pointfold explain examples/retail.jsonl --customer mobile:919740010000 --program 1745 --at 2026-03-01 --json
${exitStatusHelp}`,
    )
    .action(async (file: string, options: { customer?: string; group?: string; program?: string; at?: string; json?: boolean }) => {
      setExit(await runExplain(file, options, io, createPointfoldEngine()));
    });

  program
    .command('serve')
    .description('serve the seed HTTP endpoints over a history file (created if missing), appending every event durably')
    .argument('<file>', 'the history: a JSONL file, one event a line')
    .option('--port <n>', 'the port to listen on (0: any free port; default: 8080)', once)
    .option('--host <h>', 'the address to listen on (default: 127.0.0.1)', once)
    .option('--print-otp', 'print each one-time code issued to stderr as {"otp","customerId"} (development only)')
    .addHelpText(
      'after',
      `
One writer per file: a second \`serve\` of the same file is refused. A torn last append
(a crash during a write) is cut off and reported on stderr. SIGTERM or SIGINT stops the
server after the requests in flight.

Examples (serve a copy: the server appends to the file it serves):
  $ cp examples/retail.jsonl /tmp/org.jsonl && pointfold serve /tmp/org.jsonl --port 8080
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
