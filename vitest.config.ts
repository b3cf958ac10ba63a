import {defineConfig} from 'vitest/config'

// Unit tests live beside each package (test/), end-to-end tests in tests/.
// Both run against the built packages: `npm test` builds first.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts']
        }
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/**/*.test.ts'],
          globalSetup: ['tests/setup/build-samples.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000
        }
      }
    ]
  }
})
