/**
 * The `pointfold` executable (bin/pointfold.js loads the compiled form of this file). It runs the
 * command line on the process and sets the exit status without `process.exit`, so that stdout is
 * fully written first.
 */
import { main } from './cli';
import { exitInternalError } from './exit-codes';

// A reader that stops early (`pointfold replay ... | head`) closes the pipe: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
});

main(process.argv).then(
  (status) => {
    process.exitCode = status;
  },
  (e: unknown) => {
    process.stderr.write(`pointfold: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = exitInternalError;
  },
);
