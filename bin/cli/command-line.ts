import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandLineSpec<O extends Options> {
  /** How the script is named in messages: `token: …`. */
  readonly name: string;
  /** The whole help text, printed for `--help` (stdout) and after every usage error (stderr). */
  readonly usage: string;
  readonly options?: O;
  /** How many positionals the script takes; none unless given. */
  readonly positionals?: { readonly min: number; readonly max: number };
}

export interface CommandLine<O extends Options> {
  readonly values: ReturnType<
    typeof parseArgs<{ options: O; allowPositionals: true; strict: true; args: string[] }>
  >['values'];
  readonly positionals: readonly string[];
  /** A usage error found after parsing (an unknown command, a bad value): message, usage, exit 2. */
  fail(message: string): never;
}

/**
 * The convention every script under `bin/` (and `bench/run.ts`) follows:
 * strict `parseArgs`; `--help`/`-h` prints the usage on stdout and exits 0
 * before the script does anything; an unknown option or a wrong number of
 * arguments prints a one-line error and the usage on stderr and exits 2.
 */
export function parseCommandLine<const O extends Options = Record<never, never>>(
  spec: CommandLineSpec<O>,
  args: string[] = process.argv.slice(2),
): CommandLine<O> {
  const fail = (message: string): never => {
    process.stderr.write(`${spec.name}: ${message}\n\n${spec.usage.trimEnd()}\n`);
    process.exit(2);
  };
  // --help wins over everything else on the line, even an otherwise bad one.
  if (args.some((arg) => arg === '--help' || arg === '-h')) {
    const terminator = args.indexOf('--');
    const help = args.findIndex((arg) => arg === '--help' || arg === '-h');
    if (terminator === -1 || help < terminator) {
      process.stdout.write(`${spec.usage.trimEnd()}\n`);
      process.exit(0);
    }
  }
  let parsed: { values: CommandLine<O>['values']; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      options: (spec.options ?? {}) as O,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // parseArgs adds how to pass a positional that starts with '-': not what went wrong.
    return fail((error as Error).message.replace(/\. To specify a positional argument.*$/, ''));
  }
  const { min, max } = spec.positionals ?? { min: 0, max: 0 };
  const count = parsed.positionals.length;
  if (count < min || count > max) {
    const expected =
      min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    fail(
      `expected ${expected} argument${min === 1 && (max === 1 || max === Infinity) ? '' : 's'}, got ${count}` +
        (count > max ? ` (${parsed.positionals.slice(max).join(' ')})` : ''),
    );
  }
  return { values: parsed.values, positionals: parsed.positionals, fail };
}
