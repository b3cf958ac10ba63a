import {Command, CommanderError, Option} from 'commander'

export type CommandName = 'build' | 'check' | 'dev' | 'catalog' | 'init' | 'doctor' | 'crossref' | 'import'

/** Every option of every command, as parsed (all optional; each command reads its own). */
export interface Flags {
  out?: string | undefined
  concurrency?: string | undefined
  timeout?: string | undefined
  strict?: boolean | undefined
  json?: boolean | undefined
  /** A folder (`--cache <dir>`), false (`--no-cache`), or undefined (the default folder). */
  cache?: string | false | undefined
  shard?: string | undefined
  to?: string | undefined
  port?: string | undefined
  open?: boolean | undefined
  quiet?: boolean | undefined
  verbose?: boolean | undefined
  /** Let series.yaml load plugins from outside the series folder (an absolute path). */
  allowOutsidePlugins?: boolean | undefined
  /** init */
  title?: string | undefined
  publisher?: string | undefined
  force?: boolean | undefined
  /** doctor */
  install?: boolean | undefined
  for?: string | undefined
  offline?: boolean | undefined
}

/** Node's timers hold at most 2^31 - 1 ms: the longest --timeout, in whole seconds. */
export const maxTimeout = Math.floor((2 ** 31 - 1) / 1000)

export type Parsed =
  | {kind: 'help'}
  | {kind: 'version'}
  | {kind: 'run'; command: CommandName; paths: string[]; flags: Flags}
  /** A usage error: one line to say, and the usage line of the command it was for. */
  | {kind: 'usage'; message: string; usage: string}

const commands: CommandName[] = ['build', 'check', 'dev', 'catalog', 'init', 'doctor', 'crossref', 'import']

/** The usage line of each command, as --help prints it. */
export const usageLines: Record<CommandName | 'offprint', string> = {
  offprint: 'offprint <build|check|dev|catalog|init|doctor|crossref|import> [paths…] [options]',
  build: 'offprint build [paths… | -] [options]',
  check: 'offprint check [paths… | -] [options]',
  dev: 'offprint dev [paths…] [--port n] [--open]',
  catalog: 'offprint catalog <report.json…> [options]',
  init: 'offprint init [folder] [--title name] [--publisher name] [--force]',
  doctor: 'offprint doctor [paths…] [--install] [--json] [--for epubcheck,press]',
  crossref: 'offprint crossref [paths…] [-o deposit.xml]',
  import: 'offprint import <manuscript.docx> [-o papers/<slug>/] [--force]'
}

/**
 * The command line as commander reads it. Commander only parses here: the
 * help text is ours (usage.ts), and its errors are turned into our one-line
 * messages (with its "did you mean" suggestion) rather than printed.
 */
function program(): Command {
  const root = new Command('offprint')
    .helpOption(false)
    .helpCommand(false)
    .exitOverride()
    .configureOutput({writeOut: () => {}, writeErr: () => {}, outputError: () => {}})
    .option('-h, --help')
    .option('-v, --version')
    .argument('[command]')
    .allowExcessArguments()
  const common = (command: Command) =>
    command
      .helpOption(false)
      .option('-h, --help')
      .option('-q, --quiet', 'print only errors')
      .option('--verbose', 'say more about each paper')
      .exitOverride()
      .configureOutput({writeOut: () => {}, writeErr: () => {}, outputError: () => {}})
  common(root.command('build').argument('[paths...]'))
    .option('-o, --out <path>')
    .option('--to <formats>')
    .option('-j, --concurrency <n>')
    .option('--timeout <seconds>')
    .option('--strict')
    .option('--json')
    .option('--cache <dir>')
    .addOption(new Option('--no-cache'))
    .option('--shard <k/n>')
    .option('--allow-outside-plugins')
    .option('--offline')
  common(root.command('check').argument('[paths...]')).option('--strict').option('--json').option('--allow-outside-plugins').option('--offline').option('--timeout <seconds>')
  common(root.command('dev').argument('[paths...]')).option('--port <n>').option('--open').option('-o, --out <path>')
  common(root.command('catalog').argument('[reports...]')).option('-o, --out <path>').option('--json')
  common(root.command('init').argument('[folder...]')).option('--title <name>').option('--publisher <name>').option('--force')
  common(root.command('doctor').argument('[paths...]')).option('--install').option('--json').option('--for <what>')
  common(root.command('crossref').argument('[paths...]')).option('-o, --out <path>')
  common(root.command('import').argument('[files...]')).option('-o, --out <path>').option('--force')
  return root
}

/** Read the command line; never throws for bad input (a usage result instead). */
export function parseArguments(argv: ReadonlyArray<string>): Parsed {
  const root = program()
  let chosen: Parsed | undefined
  for (const command of root.commands) {
    command.action((paths: string[], flags: Flags & {help?: boolean}) => {
      chosen = flags.help ? {kind: 'help'} : {kind: 'run', command: command.name() as CommandName, paths, flags}
    })
  }
  root.action((name: string | undefined, flags: {help?: boolean; version?: boolean}) => {
    if (flags.help) chosen = {kind: 'help'}
    else if (flags.version) chosen = {kind: 'version'}
    else {
      const message = name ? `unknown command \`${name}\`, expected build, check, catalog, dev, init, doctor, crossref or import` : 'missing command, expected build, check, catalog, dev, init, doctor, crossref or import'
      chosen = {kind: 'usage', message, usage: usageLines.offprint}
    }
  })
  try {
    root.parse([...argv], {from: 'user'})
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error
    // -h anywhere asks for help, even beside a mistake.
    if (argv.includes('-h') || argv.includes('--help')) return {kind: 'help'}
    const name = commands.find((command) => argv.includes(command))
    return {kind: 'usage', message: describe(error), usage: usageLines[name ?? 'offprint']}
  }
  // Commander reads the program's own options after a command too (`build --help`).
  const asked = root.opts<{help?: boolean; version?: boolean}>()
  if (asked.help) return {kind: 'help'}
  if (asked.version) return {kind: 'version'}
  const timeout = chosen?.kind === 'run' ? chosen.flags.timeout : undefined
  if (chosen?.kind === 'run' && timeout !== undefined && !timeoutInRange(timeout)) {
    return {kind: 'usage', message: `--timeout takes a whole number of seconds from 1 to ${maxTimeout}, not \`${timeout}\``, usage: usageLines[chosen.command]}
  }
  return chosen ?? {kind: 'usage', message: 'missing command, expected build, check, catalog, dev, init, doctor, crossref or import', usage: usageLines.offprint}
}

/** A whole number of seconds a timer can hold (a longer one would fire at once). */
function timeoutInRange(value: string): boolean {
  const number = Number(value)
  return /^\s*\d+\s*$/.test(value) && Number.isSafeInteger(number) && number >= 1 && number <= maxTimeout
}

/** A commander error as one line of ours: `Unknown option '--jsn', did you mean --json?`. */
function describe(error: CommanderError): string {
  const [first = '', ...rest] = error.message.replace(/^error: /, '').split('\n')
  const suggestion = /\(Did you mean (.+)\?\)/.exec(rest.join(' '))?.[1]
  if (error.code === 'commander.unknownOption') {
    const flag = /'(.*)'/.exec(first)?.[1] ?? first
    return `Unknown option '${flag}'${suggestion ? `, did you mean ${suggestion}?` : ''}`
  }
  if (error.code === 'commander.optionMissingArgument') {
    const flag = /'(.*)'/.exec(first)?.[1] ?? first
    return `option ${flag} needs a value`
  }
  return first + (suggestion ? `, did you mean ${suggestion}?` : '')
}
