/** Conversions from typed sizes and durations to the strings and numbers Kubernetes expects. */
import { Duration, Size, SizeRoundingBehavior } from 'cdk8s';

/** The largest binary unit that expresses a size exactly, e.g. `10Gi`, `512Mi`. */
export function sizeToQuantity(size: Size): string {
  const exact = { rounding: SizeRoundingBehavior.NONE };
  const units: ReadonlyArray<[string, (s: Size) => number]> = [
    ['Pi', (s) => s.toPebibytes(exact)],
    ['Ti', (s) => s.toTebibytes(exact)],
    ['Gi', (s) => s.toGibibytes(exact)],
    ['Mi', (s) => s.toMebibytes(exact)],
  ];
  for (const [suffix, convert] of units) {
    const amount = convert(size);
    if (Number.isInteger(amount) && amount > 0) return `${amount}${suffix}`;
  }
  return `${size.toKibibytes({ rounding: SizeRoundingBehavior.NONE })}Ki`;
}

/** Whole seconds of a duration, rounding up so that a probe never fires earlier than asked. */
export function durationToSeconds(duration: Duration): number {
  return Math.ceil(duration.toMilliseconds() / 1000);
}
