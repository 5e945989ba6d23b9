/**
 * CronJob schedules, checked as the API server checks them: it parses `spec.schedule` with the standard
 * parser of github.com/robfig/cron/v3 (`cron.ParseStandard`: five fields or a descriptor) and refuses
 * `TZ=`/`CRON_TZ=` in it, pointing to `spec.timeZone` instead.
 */

interface Bounds {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MONTH_NAMES: Readonly<Record<string, number>> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAY_NAMES: Readonly<Record<string, number>> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** The five fields, in order, with the values each accepts. */
const FIELDS: readonly Bounds[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES },
  { name: 'day of week', min: 0, max: 6, names: DAY_NAMES },
];

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** Go's `time.ParseDuration` syntax: an optional sign and one or more decimal numbers with a unit, or "0". */
const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;

/** Go's `strconv.Atoi` syntax (an optional sign, decimal digits). */
const GO_INT = /^[-+]?\d+$/;

/** Why a CronJob schedule is invalid, or undefined when Kubernetes accepts it. */
export function cronScheduleProblem(schedule: string): string | undefined {
  if (schedule.includes('TZ')) {
    return 'cannot use TZ or CRON_TZ in the schedule: set the time zone in the timeZone field instead';
  }
  if (schedule.length === 0) return 'is empty: give five fields (minute hour day-of-month month day-of-week) or a descriptor such as @daily';
  if (schedule.startsWith('@')) return descriptorProblem(schedule);
  const fields = schedule.split(/\s+/).filter((field) => field !== '');
  if (fields.length !== 5) {
    return `expected exactly 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}`;
  }
  for (let index = 0; index < FIELDS.length; index++) {
    const bounds = FIELDS[index]!;
    const problem = fieldProblem(fields[index]!, bounds);
    if (problem !== undefined) return `${bounds.name} field ${JSON.stringify(fields[index])}: ${problem}`;
  }
  return undefined;
}

function descriptorProblem(descriptor: string): string | undefined {
  if (DESCRIPTORS.has(descriptor)) return undefined;
  const every = '@every ';
  if (descriptor.startsWith(every)) {
    const duration = descriptor.slice(every.length);
    return GO_DURATION.test(duration) ? undefined : `${JSON.stringify(duration)} is not a duration such as 1h30m`;
  }
  return `unrecognized descriptor ${JSON.stringify(descriptor)}: use @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or @every <duration>`;
}

/** A field is a comma-separated list of ranges; empty items are skipped, as the Go parser does. */
function fieldProblem(field: string, bounds: Bounds): string | undefined {
  for (const expression of field.split(',')) {
    if (expression === '') continue;
    const problem = rangeProblem(expression, bounds);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** `*`, `?`, a value, or `low-high`, each optionally followed by `/step`; a single value with a step runs to the maximum. */
function rangeProblem(expression: string, bounds: Bounds): string | undefined {
  const rangeAndStep = expression.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = bounds.min;
    end = bounds.max;
  } else {
    if (lowAndHigh.length > 2) return `too many hyphens in ${JSON.stringify(expression)}`;
    const low = parseValue(lowAndHigh[0]!, bounds);
    if (typeof low === 'string') return low;
    start = low;
    end = low;
    if (lowAndHigh.length === 2) {
      const high = parseValue(lowAndHigh[1]!, bounds);
      if (typeof high === 'string') return high;
      end = high;
    }
  }
  if (rangeAndStep.length > 2) return `too many slashes in ${JSON.stringify(expression)}`;
  if (rangeAndStep.length === 2) {
    const step = parseNumber(rangeAndStep[1]!);
    if (typeof step === 'string') return step;
    if (lowAndHigh.length === 1) end = bounds.max;
    if (step === 0) return `the step of ${JSON.stringify(expression)} must be a positive number`;
  }
  if (start < bounds.min) return `${start} is below the minimum ${bounds.min}`;
  if (end > bounds.max) return `${end} is above the maximum ${bounds.max}`;
  if (start > end) return `the range ${JSON.stringify(expression)} starts (${start}) after it ends (${end})`;
  return undefined;
}

function parseValue(text: string, bounds: Bounds): number | string {
  const named = bounds.names?.[text.toLowerCase()];
  return named ?? parseNumber(text, bounds.names !== undefined);
}

function parseNumber(text: string, namesAllowed = false): number | string {
  if (!GO_INT.test(text)) {
    return `${JSON.stringify(text)} is not a number${namesAllowed ? ' or a name (JAN-DEC, SUN-SAT)' : ''}`;
  }
  const value = Number(text);
  if (value < 0) return `negative number ${value} is not allowed`;
  return value;
}
