/** An io for the command line in-process: it records what the commands write on stdout and stderr. */
import { CliIo } from '@pointfold/cli';

export interface Recorder {
  readonly io: CliIo;
  readonly out: () => string;
  readonly err: () => string;
}

export const recorder = (): Recorder => {
  let out = '';
  let err = '';
  return {
    io: {
      out: (t) => {
        out += t;
      },
      err: (t) => {
        err += t;
      },
    },
    out: () => out,
    err: () => err,
  };
};
