/** Kubernetes resource quantities (`250m`, `1.5`, `512Mi`, `2G`, `1e3`) as numbers, for comparing them. */
import { Remembered } from './remembered';

/** Fractional suffixes divide, so that `100n` is exactly 1e-7 rather than 100 * 1e-9. */
const DIVISORS: Readonly<Record<string, number>> = { n: 1e9, u: 1e6, m: 1e3 };

const SUFFIXES: Readonly<Record<string, number>> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/;

/** Outputs repeat a few quantities thousands of times (`100m`, `128Mi`): each is parsed once. */
const parsed = new Remembered<number | undefined>(10_000);

/** The value of a quantity in base units (cores, bytes), or undefined when it is not one. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  return parsed.get(value, parseQuantityText);
}

function parseQuantityText(value: string): number | undefined {
  const match = QUANTITY.exec(value.trim());
  if (match === null) return undefined;
  const [, number = '', exponent, suffix = ''] = match;
  const base = Number(number);
  if (exponent !== undefined) return base * 10 ** Number(exponent.slice(1));
  const divisor = DIVISORS[suffix];
  return divisor !== undefined ? base / divisor : base * (SUFFIXES[suffix] ?? 1);
}
