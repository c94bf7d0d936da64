/**
 * The `pointfold` executable (bin/pointfold.js loads the compiled form of this file). It runs the
 * command line on the process and sets the exit status without `process.exit`, so that stdout is
 * fully written first.
 */
import { main } from './cli';
import { exitInternalError, exitOutputFailed } from './exit-codes';

let outputFailed = false;

// A reader that stops early (`pointfold replay ... | head`) closes the pipe: that is not an error. Any other
// failure to write the output (a full disk) is reported once, and the run ends with its own status.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE' || outputFailed) return;
  outputFailed = true;
  process.exitCode = exitOutputFailed;
  process.stderr.write(`pointfold: cannot write the output: ${e.message}\n`);
});

// With stderr gone there is nowhere to report to: the exit status still tells what happened.
process.stderr.on('error', () => undefined);

main(process.argv).then(
  (status) => {
    process.exitCode = outputFailed ? exitOutputFailed : status;
  },
  (e: unknown) => {
    process.stderr.write(`pointfold: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = exitInternalError;
  },
);
