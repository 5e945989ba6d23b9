/** The error synthesis raises when constructs or their output are invalid: every problem at once. */
import { ShipshapeError } from '../errors';

/** Synthesis found problems; nothing was written. */
export class SynthesisError extends ShipshapeError {
  /** One message per problem. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[], heading = 'Synthesis failed; nothing was written.') {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`${heading} ${count}:\n${problems.map((problem) => `  - ${problem.replace(/\n/g, '\n    ')}`).join('\n')}`);
    this.problems = problems;
  }
}
