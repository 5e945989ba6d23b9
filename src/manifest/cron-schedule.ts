/**
 * CronJob schedules and time zones, checked as the Kubernetes API server checks them on create:
 * `spec.schedule` through robfig/cron v3's standard parser (`cron.ParseStandard`: five fields or an
 * @-descriptor), refused when it contains `TZ` (the time zone belongs in `spec.timeZone`), and
 * `spec.timeZone` as an IANA name. Plain functions, usable by constructs and validation alike.
 */

/** One field of a standard schedule: its name, bounds and the names it accepts. */
interface FieldBounds {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MONTH_NAMES: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};
const DAY_NAMES: Readonly<Record<string, number>> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** The five fields of `cron.ParseStandard`, in order (robfig/cron v3 `spec.go` bounds). */
const FIELDS: readonly FieldBounds[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES },
  { name: 'day of week', min: 0, max: 6, names: DAY_NAMES },
];

/** The descriptors `cron.ParseStandard` accepts besides `@every <duration>`. */
const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

const FIVE_FIELDS_HINT = 'write five fields "minute hour day-of-month month day-of-week" (e.g. "0 3 * * *") or a descriptor such as @daily';

/**
 * Why the API server would refuse `spec.schedule` of a new CronJob, or `undefined` when it accepts it.
 * Ported from robfig/cron v3 `ParseStandard` (as Kubernetes 1.27 to 1.36 call it) and the `TZ` rule of
 * `validateScheduleFormat` in `pkg/apis/batch/validation`.
 */
export function cronScheduleProblem(schedule: string): string | undefined {
  // The server refuses "TZ" anywhere in a new schedule, whether or not the rest parses.
  if (schedule.includes('TZ')) {
    return 'a time zone in the schedule (TZ= or CRON_TZ=) is refused: put the schedule without it and set spec.timeZone instead, e.g. timeZone: "Europe/Berlin"';
  }
  if (schedule.length === 0) return `the schedule is empty: ${FIVE_FIELDS_HINT}`;
  if (schedule.startsWith('@')) return descriptorProblem(schedule);
  const fields = goFields(schedule);
  if (fields.length !== FIELDS.length) {
    return `expected exactly 5 fields, found ${fields.length} (${JSON.stringify(fields.join(' '))}): ${FIVE_FIELDS_HINT}${fields.length === 6 ? '; Kubernetes schedules have no seconds field' : ''}`;
  }
  for (let index = 0; index < FIELDS.length; index += 1) {
    const bounds = FIELDS[index]!;
    const parsed = parseField(fields[index]!, bounds);
    if (typeof parsed === 'string') return `${bounds.name} field ${JSON.stringify(fields[index])}: ${parsed}`;
  }
  return undefined;
}

function descriptorProblem(descriptor: string): string | undefined {
  if (DESCRIPTORS.has(descriptor)) return undefined;
  const every = '@every ';
  if (descriptor.startsWith(every)) {
    const problem = goDurationProblem(descriptor.slice(every.length));
    return problem === undefined ? undefined : `${JSON.stringify(descriptor)}: ${problem}; write e.g. "@every 1h30m"`;
  }
  return `unknown descriptor ${JSON.stringify(descriptor)}: use one of ${[...DESCRIPTORS].join(', ')} or "@every <duration>" (exactly, without extra spaces)`;
}

/** Go's `strings.Fields`: splits on runs of Unicode white space (`unicode.IsSpace`). */
function goFields(text: string): string[] {
  return text.split(/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/).filter((part) => part !== '');
}

/** The values one field selects, and whether it is a plain `*` or `?` (robfig's star bit). */
interface ParsedField {
  readonly values: ReadonlySet<number>;
  readonly star: boolean;
}

/** robfig/cron `getField`: a comma-separated list of ranges (empty items are skipped, as `strings.FieldsFunc` does). */
function parseField(field: string, bounds: FieldBounds): ParsedField | string {
  const values = new Set<number>();
  let star = false;
  for (const expression of field.split(',')) {
    if (expression === '') continue;
    const range = parseRange(expression, bounds);
    if (typeof range === 'string') return range;
    for (const value of range.values) values.add(value);
    star ||= range.star;
  }
  return { values, star };
}

/** robfig/cron `getRange`: `*`, `?`, `N`, `N-M`, each with an optional `/step`, names where the field has them. */
function parseRange(expression: string, bounds: FieldBounds): ParsedField | string {
  const rangeAndStep = expression.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const single = lowAndHigh.length === 1;
  const isStar = lowAndHigh[0] === '*' || lowAndHigh[0] === '?';
  let start: number;
  let end: number;
  if (isStar) {
    // robfig/cron ignores whatever follows a hyphen here ("*-5" means "*").
    start = bounds.min;
    end = bounds.max;
  } else {
    const low = intOrName(lowAndHigh[0]!, bounds);
    if (typeof low === 'string') return low;
    start = low;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const high = intOrName(lowAndHigh[1]!, bounds);
      if (typeof high === 'string') return high;
      end = high;
    } else return `too many hyphens in ${JSON.stringify(expression)}`;
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const parsed = goUint(rangeAndStep[1]!);
    if (typeof parsed === 'string') return parsed;
    step = parsed;
    // "N/step" means "N-max/step".
    if (single) end = bounds.max;
  } else if (rangeAndStep.length > 2) return `too many slashes in ${JSON.stringify(expression)}`;
  if (start < bounds.min) return `${start} is below the minimum ${bounds.min} (allowed: ${describeBounds(bounds)})`;
  if (end > bounds.max) return `${end} is above the maximum ${bounds.max} (allowed: ${describeBounds(bounds)})`;
  if (start > end) return `the range starts at ${start}, after its end ${end}`;
  if (step === 0) return `the step of ${JSON.stringify(expression)} must be a positive number`;
  const values = new Set<number>();
  for (let value = start; value <= end; value += step) values.add(value);
  // A step above 1 clears the star bit, which changes how day of month and day of week combine.
  return { values, star: isStar && step === 1 };
}

/** Days per month in a leap year: robfig/cron looks five years ahead, which includes a 29 February. */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether a schedule that parses can never fire (e.g. "0 0 30 2 *", 30 February): the server accepts
 * it, and the CronJob silently never runs. Days combine as robfig/cron does: when day of month or day
 * of week is `*`, both must match; otherwise either may.
 */
export function cronScheduleNeverRuns(schedule: string): boolean {
  if (cronScheduleProblem(schedule) !== undefined || schedule.startsWith('@')) return false;
  const fields = goFields(schedule).map((field, index) => parseField(field, FIELDS[index]!));
  const [minutes, hours, days, months, weekdays] = fields as ParsedField[];
  if (minutes!.values.size === 0 || hours!.values.size === 0 || months!.values.size === 0) return true;
  const dayFits = [...months!.values].some((month) => [...days!.values].some((day) => day <= (DAYS_IN_MONTH[month - 1] ?? 0)));
  const anyWeekday = weekdays!.values.size > 0;
  return days!.star || weekdays!.star ? !(dayFits && anyWeekday) : !(dayFits || anyWeekday);
}

function describeBounds(bounds: FieldBounds): string {
  const names = bounds.names === undefined ? '' : ` or ${Object.keys(bounds.names).map((name) => name.toUpperCase()).join(', ')}`;
  return `${bounds.min}-${bounds.max}${names}${bounds.name === 'day of week' ? ', Sunday is 0' : ''}`;
}

function intOrName(text: string, bounds: FieldBounds): number | string {
  const named = bounds.names?.[text.toLowerCase()];
  if (named !== undefined) return named;
  const parsed = goUint(text);
  if (typeof parsed === 'string' && bounds.names !== undefined && /^[A-Za-z]+$/.test(text)) {
    return `${JSON.stringify(text)} is not a ${bounds.name} name (allowed: ${describeBounds(bounds)})`;
  }
  return parsed;
}

/**
 * robfig/cron `mustParseInt`: Go's `strconv.Atoi` (optional sign, decimal digits, 64-bit range),
 * then refuses negative numbers. Returns the number or a message.
 */
function goUint(text: string): number | string {
  const match = /^([+-]?)(\d+)$/.exec(text);
  if (match === null) return `${JSON.stringify(text)} is not a number`;
  const value = BigInt(`${match[1]}${match[2]}`);
  if (value > 9223372036854775807n || value < -9223372036854775808n) return `${JSON.stringify(text)} is out of range`;
  if (value < 0n) return `negative number ${JSON.stringify(text)} is not allowed`;
  return Number(value);
}

const NANOS_PER_UNIT: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  '\u00b5s': 1_000n,
  '\u03bcs': 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const MAX_NANOS = 1n << 63n;

/** Go's `time.ParseDuration`, which `@every` uses: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`; returns a message or `undefined`. */
function goDurationProblem(text: string): string | undefined {
  const invalid = `invalid duration ${JSON.stringify(text)}`;
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return undefined;
  if (rest === '') return invalid;
  let total = 0n;
  while (rest !== '') {
    const number = /^(\d*)(?:\.(\d*))?/.exec(rest)!;
    const whole = number[1]!;
    const fraction = number[2];
    if (!rest.startsWith('.') && !/^\d/.test(rest)) return invalid;
    if (whole === '' && (fraction === undefined || fraction === '')) return invalid;
    let value = whole === '' ? 0n : BigInt(whole);
    if (value > MAX_NANOS) return invalid;
    rest = rest.slice(number[0].length);
    const unitLength = rest.search(/[.\d]/);
    const unit = unitLength < 0 ? rest : rest.slice(0, unitLength);
    if (unit === '') return `missing unit in duration ${JSON.stringify(text)} (use ns, us, ms, s, m or h)`;
    rest = rest.slice(unit.length);
    const nanos = NANOS_PER_UNIT[unit];
    if (nanos === undefined) return `unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(text)} (use ns, us, ms, s, m or h)`;
    if (value > MAX_NANOS / nanos) return invalid;
    value *= nanos;
    if (fraction !== undefined && /[1-9]/.test(fraction)) {
      // Go accumulates at most 19 fraction digits and scales in float64; nanosecond exactness does not change validity.
      const digits = fraction.slice(0, 18);
      value += BigInt(Math.floor(Number(`0.${digits}`) * Number(nanos)));
      if (value > MAX_NANOS) return invalid;
    }
    total += value;
    if (total > MAX_NANOS) return invalid;
  }
  if (!negative && total > MAX_NANOS - 1n) return invalid;
  return undefined;
}

/** Characters Go allows in each `/`-separated part of a time zone name (Kubernetes `validTimeZoneCharacters`). */
const TIME_ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

let canonicalZones: ReadonlyMap<string, string> | undefined;

/** IANA names known to this Node (ICU), lower case to canonical spelling. */
function knownZones(): ReadonlyMap<string, string> {
  canonicalZones ??= new Map(Intl.supportedValuesOf('timeZone').map((zone) => [zone.toLowerCase(), zone]));
  return canonicalZones;
}

/**
 * Why the API server would refuse `spec.timeZone`, or `undefined` when it is a known IANA name.
 * The syntax rules are Kubernetes' own; whether the zone exists is judged by Node's ICU time zone
 * data, which matches the tz database the server loads for every current name.
 */
export function timeZoneProblem(timeZone: string): string | undefined {
  const fix = 'use an IANA time zone name such as "Etc/UTC", "Europe/Berlin" or "America/New_York"';
  if (timeZone === '') return `the time zone is empty: leave timeZone out for the controller's time zone, or ${fix}`;
  for (const part of timeZone.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !TIME_ZONE_PART.test(part)) return `unknown time zone ${JSON.stringify(timeZone)}: ${fix}`;
  }
  if (timeZone.toLowerCase() === 'local') return `"${timeZone}" is not an explicit time zone: ${fix}`;
  if (timeZone === 'UTC') return undefined;
  const canonical = knownZones().get(timeZone.toLowerCase());
  if (canonical !== undefined) {
    // ICU ignores case, the server's tz database does not.
    return canonical === timeZone ? undefined : `unknown time zone ${JSON.stringify(timeZone)}: names are case-sensitive, write ${JSON.stringify(canonical)}`;
  }
  try {
    // Not canonical in ICU, but maybe a link such as "US/Eastern" or "Etc/GMT+5".
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    return `unknown time zone ${JSON.stringify(timeZone)}: ${fix}`;
  }
  if (timeZone.split('/').some((part) => /^[a-z]/.test(part))) {
    return `unknown time zone ${JSON.stringify(timeZone)}: names are case-sensitive and start each part with a capital letter`;
  }
  return undefined;
}
