// Feature folders (workloads/, posture/, falco/, …) reach each other only through their
// `index.ts`; the shared folders below hold what every feature may use. Tests may build
// real collaborators from another feature's internals.
const SHARED_FOLDERS = ['http', 'aws', 'migrations', 'signals'];
const BASE_PATTERNS = [
  '*.stories*',
  '*.test*',
  '**/__testUtils__/**',
  '**/__mocks__/**',
];
const featureBoundary = depth => {
  const up = '../'.repeat(depth);
  return {
    files: [`src/${'*/'.repeat(depth)}*.ts`],
    excludedFiles: [
      '**/*.test.ts',
      '**/__testUtils__/**',
      '**/__fixtures__/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: BASE_PATTERNS },
            {
              group: [
                `${up}*/**`,
                ...SHARED_FOLDERS.map(folder => `!${up}${folder}/**`),
              ],
              message:
                "Import another feature through its index.ts (e.g. '../workloads'), not its internals.",
            },
          ],
        },
      ],
    },
  };
};

module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  overrides: [1, 2, 3].map(featureBoundary),
});
