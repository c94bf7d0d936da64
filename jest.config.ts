import type { Config } from 'jest';

/** One jest project per package; tests run against the TypeScript sources (typechecking is `npm run typecheck`). */
const packages = ['core', 'groups', 'transfers', 'rewards', 'testing', 'http', 'cli', 'reliability'];

const config: Config = {
  projects: packages.map((name) => ({
    displayName: name,
    testEnvironment: 'node',
    rootDir: `<rootDir>/packages/${name}`,
    testMatch: ['<rootDir>/test/**/*.test.ts'],
    transform: {
      '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/../../tsconfig.test.json' }],
    },
    moduleNameMapper: {
      '^@pointfold/([a-z]+)$': '<rootDir>/../$1/src/index.ts',
      '^@pointfold/([a-z]+)/testing$': '<rootDir>/../$1/src/testing/index.ts',
    },
  })),
};

export default config;
