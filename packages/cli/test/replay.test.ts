import * as fs from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { CliIo, ReplayJson, buildProgram, createPointfoldEngine, displayWidth, main, printable, reportJson, runBalance, runReplay, runVerify, writeReportJson } from '@pointfold/cli';
import { ClosingBalance, Points, ts } from '@pointfold/core';
import { history, tempDir, toJsonl, wideId } from './fixtures';

const engine = createPointfoldEngine();
let tmp: ReturnType<typeof tempDir>;
let file: string;

beforeEach(() => {
  tmp = tempDir();
  file = path.join(tmp.dir, 'history.jsonl');
  fs.writeFileSync(file, toJsonl(history));
});

afterEach(() => tmp.remove());

/** A stream that says it is a terminal 100 columns wide, handing what is written to `write`. */
const fakeTerminal = (write: (text: string) => void): NodeJS.WritableStream =>
  Object.assign(
    new Writable({
      write(chunk: Buffer | string, _enc, done) {
        write(chunk.toString());
        done();
      },
    }),
    { isTTY: true, columns: 100 },
  );

/** An io that records what is written, with an optional fake terminal for progress. */
const recorder = (terminal = false): { io: CliIo; out: () => string; err: () => string; tty: () => string } => {
  let out = '';
  let err = '';
  let tty = '';
  const progress = fakeTerminal((t) => (tty += t));
  return {
    io: {
      out: (t) => {
        out += t;
      },
      err: (t) => {
        err += t;
      },
      ...(terminal ? { progress, progressMinBytes: 0 } : {}),
    },
    out: () => out,
    err: () => err,
    tty: () => tty,
  };
};

const parse = (text: string): ReplayJson => JSON.parse(text) as ReplayJson;

describe('runReplay', () => {
  it('prints the JSON report at the last event by default', async () => {
    const r = recorder();
    expect(await runReplay(file, { json: true }, r.io, engine)).toBe(0);
    const j = parse(r.out());
    expect(j.eventsRead).toBe(history.length);
    expect(j.at).toBe('2026-03-04T10:00:00Z');
    expect(j.balances.map((b) => `${b.entityId} ${b.programId} ${b.pointsCategory} ${b.closingBalance}`)).toEqual([
      'c1 765 DelayedAccrualPointCategory 100.250',
      'c1 765 Main 30000.000',
      'c2 801 Main 12.500',
      `${wideId} 765 ExternalTriggerBasedPointCategory 5.000`,
      `${wideId} 765 Main 2.125`,
    ]);
    expect(r.err()).toBe('');
  });

  it('reads --at without a zone as UTC and with an offset as that offset', async () => {
    const utc = recorder();
    await runReplay(file, { json: true, at: '2026-03-02T10:30:00' }, utc.io, engine);
    const offset = recorder();
    await runReplay(file, { json: true, at: '2026-03-02T12:30:00+02:00' }, offset.io, engine);
    expect(parse(utc.out()).at).toBe('2026-03-02T10:30:00Z');
    expect(parse(offset.out())).toEqual(parse(utc.out()));
  });

  it('reads an --at with blanks around it, as the query commands read their dates', async () => {
    const r = recorder();
    expect([await runReplay(file, { json: true, at: ' 2026-03-02T10:30:00Z ' }, r.io, engine), r.err()]).toEqual([0, '']);
    expect(parse(r.out()).at).toBe('2026-03-02T10:30:00Z');
  });

  it('refuses an invalid --at before reading anything, with exit status 2', async () => {
    const r = recorder();
    expect(await runReplay(path.join(tmp.dir, 'absent.jsonl'), { at: '2026-02-30T00:00:00Z' }, r.io, engine)).toBe(2);
    expect(r.out()).toBe('');
    expect(r.err()).toBe('pointfold replay: invalid --at: "2026-02-30T00:00:00Z" is not a valid date-time\n');
  });

  it('prints the summary line alone when there is no balance, in the singular for one event', async () => {
    fs.writeFileSync(file, '');
    const empty = recorder();
    expect([await runReplay(file, {}, empty.io, engine), empty.out()]).toEqual([0, '0 events read; the history is empty.\n']);
    fs.writeFileSync(file, toJsonl(history.slice(0, 1)));
    const one = recorder();
    expect([await runReplay(file, {}, one.io, engine), one.out()]).toEqual([0, '1 event read; 0 closing balances at 2026-03-01T09:00:00Z.\n']);
  });

  it('names a directory and a missing file in its own words, the file name escaped (exit 2, nothing on stdout)', async () => {
    const dir = recorder();
    expect([await runReplay(tmp.dir, {}, dir.io, engine), dir.out(), dir.err()]).toEqual([2, '', `${tmp.dir}: is a directory\n`]);
    const missing = recorder();
    const name = path.join(tmp.dir, 'no\u001b[2J.jsonl');
    expect([await runReplay(name, {}, missing.io, engine), missing.out(), missing.err()]).toEqual([2, '', `${tmp.dir}/no\\u001b[2J.jsonl: no such file\n`]);
  });

  it('escapes control characters in the reason of a bad line, as JSON.parse quotes the line in it', async () => {
    fs.writeFileSync(file, `${toJsonl(history.slice(0, 2))}\u001b[2J\n`);
    const r = recorder();
    expect([await runReplay(file, {}, r.io, engine), r.out()]).toEqual([2, '']);
    expect(r.err()).toBe(`${file}:3: not JSON: Unexpected token '\\u001b', "\\u001b[2J" is not valid JSON\n`);
  });

  it('refuses a line that is not UTF-8 at its own line number, the lines around it being good', async () => {
    fs.writeFileSync(file, Buffer.concat([Buffer.from(toJsonl(history.slice(0, 2))), Buffer.from([0x7b, 0xff, 0x7d, 0x0a]), Buffer.from(toJsonl(history.slice(2)))]));
    const r = recorder();
    expect([await runReplay(file, { json: true }, r.io, engine), r.out(), r.err()]).toEqual([2, '', `${file}:3: not valid UTF-8\n`]);
  });

  it('prints an aligned table and a summary line', async () => {
    const r = recorder();
    expect(await runReplay(file, {}, r.io, engine)).toBe(0);
    const lines = r.out().split('\n');
    expect(lines[0]).toMatch(/^ENTITY TYPE {2}ENTITY ID +PROGRAM {2}CATEGORY +CLOSING BALANCE$/);
    const table = lines.slice(0, 6);
    // Right-aligned balances: every line of the table ends at the same terminal column (李 and 🎉 take two).
    expect(new Set(table.map(displayWidth)).size).toBe(1);
    expect(table[4]).toContain(`${wideId}       765`);
    expect(table[2]).toMatch(/^CUSTOMER {5}c1 .* 765 {2}Main .* 30000\.000$/);
    expect(lines.slice(6)).toEqual(['', '10 events read; 5 closing balances at 2026-03-04T10:00:00Z.', '']);
  });

  it('measures text in terminal columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('李小龍')).toBe(6);
    expect(displayWidth('🎉')).toBe(2);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth(wideId)).toBe(8);
  });

  it('escapes control characters of ids in the table', async () => {
    const evil = history.map((e) => JSON.parse(JSON.stringify(e).split('"c2"').join('"c2\\u001b[2J"')) as (typeof history)[number]);
    fs.writeFileSync(file, toJsonl(evil));
    const r = recorder();
    expect(await runReplay(file, {}, r.io, engine)).toBe(0);
    expect(r.out()).toContain('c2\\u001b[2J');
    expect(r.out()).not.toContain('\u001b');
  });

  it('escapes each C0 and C1 control character and DEL of a text it prints, and nothing else', () => {
    expect(printable('a\u0000b\u001fc\u007fd\u0080e\u009ff\u00a0g 李~')).toBe('a\\u0000b\\u001fc\\u007fd\\u0080e\\u009ff\u00a0g 李~');
  });

  it('draws a progress bar on the terminal only, never on stdout', async () => {
    const withBar = recorder(true);
    expect(await runReplay(file, { json: true }, withBar.io, engine)).toBe(0);
    expect(withBar.tty()).toContain('replaying');
    expect(withBar.tty()).toContain('100%');
    // Taken down when done: the last thing drawn erases the bar's line (no bar left above the prompt).
    expect(withBar.tty().endsWith('\u001b[2K')).toBe(true);
    expect(parse(withBar.out()).eventsRead).toBe(history.length);
    const without = recorder();
    await runReplay(file, { json: true }, without.io, engine);
    expect(without.out()).toBe(withBar.out());
    expect(without.tty()).toBe('');
  });

  it('writes a bad history\'s FILE:LINE: reason after the bar is taken down, replay and the queries alike', async () => {
    // stderr and the bar share one terminal: a message written before the bar's last redraw is erased.
    const bad = path.join(tmp.dir, 'bad.jsonl');
    fs.writeFileSync(bad, `${toJsonl(history)}{"type":"NoSuchEvent","id":"x","at":"2026-12-01T00:00:00Z"}\n`);
    let screen = '';
    const io: CliIo = { out: () => undefined, err: (t) => (screen += t), progress: fakeTerminal((t) => (screen += t)), progressMinBytes: 0 };
    const line = history.length + 1;
    const runs: [string, () => Promise<number>][] = [
      ['replay', () => runReplay(bad, { json: true }, io, engine)],
      ['balance', () => runBalance(bad, { customer: 'id:c1' }, io, engine)],
      ['verify', () => runVerify(bad, {}, io, engine)],
    ];
    for (const [name, run] of runs) {
      screen = '';
      expect([name, await run()]).toEqual([name, 2]);
      expect([name, screen.includes('replaying')]).toEqual([name, true]);
      expect([name, screen.endsWith(`${bad}:${line}: type: unknown event type "NoSuchEvent"\n`)]).toEqual([name, true]);
    }
  });

  it('shows no progress bar for a file below the size threshold', async () => {
    const r = recorder(true);
    await runReplay(file, { json: true }, { ...r.io, progressMinBytes: fs.statSync(file).size + 1 }, engine);
    expect(r.tty()).toBe('');
  });

  it('draws the bar by default from 5 MiB on (README), not a byte less', async () => {
    const bars: boolean[] = [];
    for (const size of [5 * 1024 * 1024 - 1, 5 * 1024 * 1024]) {
      // One blank line: a history of no events, as large as wanted.
      fs.writeFileSync(file, `${' '.repeat(size - 1)}\n`);
      const r = recorder(true);
      const { progressMinBytes: _default, ...io } = r.io;
      expect(await runReplay(file, { json: true }, io, engine)).toBe(0);
      bars.push(r.tty().includes('replaying'));
    }
    expect(bars).toEqual([false, true]);
  });
});

describe('writeReportJson', () => {
  const row = (i: number): ClosingBalance => ({
    entityType: i % 7 === 0 ? 'USERGROUP2' : 'CUSTOMER',
    entityId: `c${i}-"q"-${wideId}`,
    programId: 765 + (i % 3),
    pointsCategory: i % 5 === 0 ? 'DelayedAccrualPointCategory' : 'Main',
    closingBalance: Points.points(`${i}.${i % 1000}`),
  });
  it.each([0, 1, 9_999, 10_000, 10_001, 25_000])('writes, in pieces, the text of JSON.stringify(reportJson(...)) and a newline (%i rows)', (n) => {
    const report = { eventsRead: 12, at: n === 0 ? undefined : ts('2026-03-01T10:00:00Z'), balances: Array.from({ length: n }, (_x, i) => row(i)) };
    const pieces: string[] = [];
    writeReportJson(report, (t) => pieces.push(t));
    expect(pieces.join('')).toBe(`${JSON.stringify(reportJson(report))}\n`);
    // Never the whole document at once: a piece holds at most 10,000 rows.
    expect(pieces.length).toBe(2 + Math.ceil(n / 10_000));
  });
});

describe('main (the command line in-process)', () => {
  it('runs replay and returns its status', async () => {
    const r = recorder();
    expect(await main(['node', 'pointfold', 'replay', file, '--json'], r.io)).toBe(0);
    expect(parse(r.out()).balances).toHaveLength(5);
  });

  it('returns 2 for usage errors: an unknown option, a missing argument, an unknown command', async () => {
    for (const [args, error] of [
      [['replay', file, '--frobnicate'], "error: unknown option '--frobnicate'"],
      [['replay'], "error: missing required argument 'file'"],
      [['frob'], "error: unknown command 'frob'"],
    ] as const) {
      const r = recorder();
      expect(await main(['node', 'pointfold', ...args], r.io)).toBe(2);
      expect(r.out()).toBe('');
      expect(r.err()).toBe(`${error}\n(run with --help for usage)\n`);
    }
  });

  it('refuses an option given twice (exit 2, naming both values), in every command', async () => {
    const twice: string[][] = [
      ['replay', file, '--at', '2026-01-01', '--at', '2026-02-01'],
      ['balance', file, '--customer', 'id:c1', '--customer', 'id:c2'],
      ['entries', file, '--customer', 'id:c1', '--to', '2026-03-01', '--to', '2026-03-02'],
      ['explain', file, '--customer', 'id:c1', '--program', '765', '--program', '765'],
      ['serve', file, '--port', '0', '--port', '0'],
    ];
    for (const args of twice) {
      const r = recorder();
      expect(await main(['node', 'pointfold', ...args], r.io)).toBe(2);
      expect([r.out(), r.err()]).toEqual(['', expect.stringMatching(/^error: option '--\w+ <[^>]+>' argument '[^']+' is invalid\. given twice \("[^"]+", then "[^"]+"\); give it once\n/)]);
    }
  });

  it('refuses each option that takes a value when it is given twice, in every command', async () => {
    const valued = buildProgram(recorder().io, () => undefined).commands.flatMap((command) => command.options.filter((o) => o.required).map((o) => `${command.name()} ${o.long ?? ''}`));
    expect(valued).toEqual([
      'replay --at',
      'balance --customer',
      'balance --group',
      'balance --program',
      'balance --at',
      'entries --customer',
      'entries --group',
      'entries --from',
      'entries --to',
      'explain --customer',
      'explain --group',
      'explain --program',
      'explain --at',
      'serve --port',
      'serve --host',
    ]);
    for (const commandAndOption of valued) {
      const [command = '', option = ''] = commandAndOption.split(' ');
      const r = recorder();
      expect([commandAndOption, await main(['node', 'pointfold', command, file, option, 'a', option, 'b'], r.io), r.out()]).toEqual([commandAndOption, 2, '']);
      expect([commandAndOption, r.err()]).toEqual([commandAndOption, expect.stringContaining(`error: option '${option} <`)]);
      expect(r.err()).toContain(`argument 'b' is invalid. given twice ("a", then "b"); give it once\n`);
    }
  });

  it('shows help with examples and exit statuses, with status 0', async () => {
    const r = recorder();
    expect(await main(['node', 'pointfold', 'replay', '--help'], r.io)).toBe(0);
    expect(r.out()).toContain('Usage: pointfold replay [options] <file>');
    expect(r.out()).toContain('$ pointfold replay history.jsonl --at 2026-03-31T23:59:59Z --json');
    expect(r.out()).toContain('2  bad input');
    // As bin.ts and the README: a closed pipe (`pointfold replay ... | head`) is no error.
    expect(r.out()).toContain('\n  4  the output could not be written (a full disk, a device error; a reader that stops early is no error)\n');
  });

  it('lists exit status 3 in the help of verify and of the program, and only there', async () => {
    const status3 = '\n  3  verify: a balance invariant broke after some event (a bug: stderr names its line; please report it)\n';
    for (const [args, listed] of [
      [['--help'], true],
      [['verify', '--help'], true],
      [['replay', '--help'], false],
      [['balance', '--help'], false],
      [['serve', '--help'], false],
    ] as const) {
      const r = recorder();
      expect(await main(['node', 'pointfold', ...args], r.io)).toBe(0);
      expect([args, r.out().includes(status3), r.out().includes('\n  2  bad input: usage, an invalid option, a missing file, or a bad history\n')]).toEqual([args, listed, true]);
    }
  });

  it('answers an exception that escapes a command as an internal error: status 1, its stack on stderr', async () => {
    const r = recorder();
    const io: CliIo = {
      ...r.io,
      out: () => {
        throw new Error('the output went away');
      },
    };
    expect(await main(['node', 'pointfold', 'replay', file], io)).toBe(1);
    expect(r.err()).toMatch(/^pointfold: internal error: Error: the output went away\n {4}at /);
  });

  it('prints its version', async () => {
    const r = recorder();
    expect(await main(['node', 'pointfold', '--version'], r.io)).toBe(0);
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
    expect(r.out()).toBe(`${pkg.version}\n`);
  });
});
