/**
 * The `billing-engine` command line. Exit codes: 0 success, 1 the work failed (a store error,
 * a verification that found damage, a rejected command), 2 the invocation was wrong (unknown
 * command or option, a bad argument, a missing database file).
 */
import { Command, CommanderError, type Option } from 'commander';
import { DEFAULT_STORE } from '../config/store-url.js';

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** An error whose message is for the user as it is, with the exit code to end with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface GlobalOptions {
  readonly store: string;
}

/**
 * A command whose required options are checked after its unknown options: `report spending
 * --bogus` names `--bogus`, not the missing `--month` (commander alone checks the other way round).
 */
class CliCommand extends Command {
  readonly mandatory: Option[] = [];

  override createCommand(name?: string): Command {
    return new CliCommand(name);
  }

  override requiredOption(flags: string, description?: string, ...rest: unknown[]): this {
    (this.option as (...args: unknown[]) => this)(flags, description, ...rest);
    const added = this.options.at(-1);
    if (added !== undefined) this.mandatory.push(added);
    return this;
  }
}

function checkRequiredOptions(_hooked: Command, command: Command): void {
  if (!(command instanceof CliCommand)) return;
  const missing = command.mandatory.find((option) => command.getOptionValue(option.attributeName()) === undefined);
  if (missing !== undefined) command.error(`error: required option '${missing.flags}' not specified`, { code: 'commander.missingMandatoryOptionValue' });
}

export function createProgram(): Command {
  const program = new CliCommand('billing-engine')
    .description('Event-sourced engine for Amazon Pay billing agreements (Auto Pay)')
    .option('--store <location>', 'event store: sqlite:<file>, memory: or esdb://host:port?tls=false (env BILLING_STORE)', process.env['BILLING_STORE'] ?? DEFAULT_STORE)
    .option('--debug', 'on an unexpected error, print its stack trace')
    .showHelpAfterError()
    .exitOverride()
    .hook('preAction', checkRequiredOptions);
  return program;
}

/** Runs the program with the registered commands; returns the exit code instead of exiting. */
export async function runProgram(program: Command, argv: readonly string[]): Promise<number> {
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof CliError) {
      process.stderr.write(`billing-engine: ${error.message}\n`);
      return error.exitCode;
    }
    const debug = argv.includes('--debug');
    process.stderr.write(`billing-engine: ${debug ? ((error as Error).stack ?? String(error)) : `${(error as Error).message ?? String(error)} (--debug shows where)`}\n`);
    return EXIT.failure;
  }
}
