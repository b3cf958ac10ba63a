import {configDefaults, defineConfig} from 'vitest/config'

// Unit tests live beside each package (test/), end-to-end tests in tests/.
// Both run against the built packages: `npm test` builds first.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
          // Some spawn the CLI, which takes seconds on a busy CI machine.
          testTimeout: 30_000
        }
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'tests/packed-install.test.ts', 'tests/series-repository.test.ts'],
          globalSetup: ['tests/setup/build-samples.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000
        }
      },
      {
        // npm pack + install into an empty project (and into a series repository
        // made by offprint init, whose workflows' steps are run), and a fresh clone + npm ci:
        // no sample papers needed, so none of e2e's set-up.
        test: {
          name: 'install',
          include: ['tests/packed-install.test.ts', 'tests/series-repository.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 600_000
        }
      }
    ]
  }
})
