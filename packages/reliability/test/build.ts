/**
 * Builds this package and the domain packages it references (`tsc -b packages/reliability`), for the
 * child processes that load their `dist/`: through the command line tests' build, under their lock,
 * since both write the domain packages' `dist/`.
 */
import { buildProject, root } from '../../cli/test/build';

export { root };

/** Runs `npx tsc -b packages/reliability` under the end-to-end build lock; throws when the build fails. */
export const buildReliability = (): void => buildProject('packages/reliability');
