// Types of requirements.mjs (plain JavaScript, so that scripts/bootstrap.mjs can run it before npm ci).
export interface Probe {
  env: NodeJS.ProcessEnv
  /** fc-list's families, one a line (read once, again after an install). */
  families(): string
}
export interface Requirement {
  /** A stable name, for --json. */
  id: string
  /** What a person is told. */
  what: string
  /** The Debian package that brings it. */
  package: string
  kind: 'system' | 'font' | 'tool'
  /** Language subtags whose papers need it (fonts by language); none: every paper. */
  langs?: string[]
  present(probe: Probe): boolean
}
export function has(command: string, env?: NodeJS.ProcessEnv): boolean
export function fontFamilies(env?: NodeJS.ProcessEnv): string
export function chromiumPath(env?: NodeJS.ProcessEnv): string | undefined
export const chromium: Requirement
export const fontconfig: Requirement
export const fonts: Requirement[]
export const ghostscript: Requirement
export const epubcheck: Requirement[]
export function probeSystem(env?: NodeJS.ProcessEnv): Probe & {refresh(): void}
export function packagesOf(needs: Requirement[]): string[]
export function installCommand(packages: string[]): string
export function aptPrefix(env?: NodeJS.ProcessEnv): string[] | undefined
export function aptInstall(packages: string[], prefix: string[], env?: NodeJS.ProcessEnv): boolean
