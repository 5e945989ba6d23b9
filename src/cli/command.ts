/**
 * The contract every `shipshape` sub-command fulfils. Commands are loaded lazily by name so that
 * `shipshape validate` never pays for loading constructs, and `shipshape --help` loads nothing.
 */

/** The streams and environment a command runs with; tests pass their own. */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Whether stderr is an interactive terminal (progress indicators only draw there). */
  readonly interactive: boolean;
}

/** One sub-command of the `shipshape` command line. */
export interface Command {
  /** The word that selects it, e.g. `synth`. */
  readonly name: string;
  /** One line for the command list in `shipshape --help`. */
  readonly summary: string;
  /** The full text printed by `shipshape <name> --help`. */
  readonly help: string;
  /** Runs the command and resolves to the process exit code. */
  run(args: readonly string[], io: CommandIo): Promise<number>;
}

/** Exit codes shared by all commands. */
export enum ExitCode {
  /** Everything worked (and, for diff, nothing differs). */
  OK = 0,
  /** The input was understood but is invalid, or (for diff) differences were found. */
  FAILURE = 1,
  /** Wrong usage, unreadable files, or an environment problem. */
  USAGE = 2,
}

/** A wrong command line: the message is printed with the command's usage hint. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
