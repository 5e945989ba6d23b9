/** The error synthesis raises when constructs or their output are invalid: every problem at once. */
import { ShipshapeError } from '../errors';
import { formatProblemText } from '../validate/format-text';
import type { ValidationReport } from '../validate/problem';

/** Options of a SynthesisError. */
export interface SynthesisErrorOptions {
  /**
   * The validation report of the run, whose warnings are reported after the errors.
   * @default - no validation ran
   */
  readonly report?: ValidationReport;
}

/** How to render a SynthesisError for people. */
export interface SynthesisErrorFormat {
  /**
   * Leave the warnings out (`shipshape synth -q`).
   * @default false
   */
  readonly errorsOnly?: boolean;
  /**
   * Show at most this many warnings, then how many more there were.
   * @default - every warning
   */
  readonly maxWarnings?: number;
  /**
   * Where the hidden warnings can be read, appended to the "and N more" line.
   * @default - no hint
   */
  readonly moreWarningsHint?: string;
}

/** Synthesis found problems; nothing was written. */
export class SynthesisError extends ShipshapeError {
  /** One message per error: construct problems first, then validation errors. */
  readonly problems: readonly string[];
  /** One message per warning of the same run (validation warnings do not stop synthesis, errors do). */
  readonly warnings: readonly string[];
  /** The validation report, when validation ran. */
  readonly report: ValidationReport | undefined;
  readonly #heading: string;

  constructor(problems: readonly string[], heading = 'Synthesis failed; nothing was written.', options: SynthesisErrorOptions = {}) {
    const warnings = (options.report?.problems ?? []).filter((problem) => problem.severity === 'warning').map(formatProblemText);
    super(formatFailure(heading, problems, warnings, options.report, {}));
    this.problems = problems;
    this.warnings = warnings;
    this.report = options.report;
    this.#heading = heading;
  }

  /** The report for people: a heading with the counts, every error, then the warnings (unless left out). */
  format(options: SynthesisErrorFormat = {}): string {
    return formatFailure(this.#heading, this.problems, this.warnings, this.report, options);
  }
}

function formatFailure(heading: string, errors: readonly string[], warnings: readonly string[], report: ValidationReport | undefined, options: SynthesisErrorFormat): string {
  const counts = [plural(errors.length, 'error'), ...(warnings.length > 0 ? [plural(warnings.length, 'warning')] : [])].join(', ');
  const checked = report === undefined ? '' : ` in ${plural(report.resourceCount, 'resource')}`;
  const switchedOff = report !== undefined && report.suppressedCount > 0 ? `, ${report.suppressedCount} switched off` : '';
  let text = `${heading} ${counts}${checked}${switchedOff}:\n${errors.map(asErrorBlock).join('\n\n')}`;
  if (warnings.length > 0) {
    if (options.errorsOnly) {
      text += `\n\n(${plural(warnings.length, 'warning')} not shown: errors only.)`;
    } else {
      const shown = warnings.slice(0, options.maxWarnings ?? warnings.length);
      text += `\n\nWarnings (${warnings.length}):\n${shown.join('\n\n')}`;
      if (shown.length < warnings.length) {
        const hint = options.moreWarningsHint === undefined ? '' : `; ${options.moreWarningsHint}`;
        text += `\n\n... and ${plural(warnings.length - shown.length, 'more warning')}${hint}.`;
      }
    }
  }
  return text;
}

/** Validation errors arrive as report blocks (`ERROR rule: ...`); construct problems as one sentence each. */
function asErrorBlock(problem: string): string {
  return problem.startsWith('ERROR ') ? problem : `ERROR ${problem.replace(/\n/g, '\n  ')}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
