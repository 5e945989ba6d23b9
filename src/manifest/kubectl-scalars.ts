/**
 * How kubectl reads an unquoted YAML scalar. kubectl (sigs.k8s.io/yaml, on go-yaml v2) follows YAML
 * 1.1, where `yes`/`no`/`on`/`off`/`y`/`n` are booleans, a leading `0` means octal and `_` may
 * separate digits; shipshape reads YAML 1.2, as the spec and js-yaml do. Where the two differ, a
 * file means one thing offline and another on the cluster, so validation refuses it.
 *
 * This follows go-yaml v2's `resolve()` for plain scalars; test/validate/kubectl-scalars.test.ts
 * holds the table measured with kubectl itself, and the cluster suite checks it against kubectl live.
 */

/** What kubectl makes of a plain scalar. */
export type KubectlScalar =
  | { readonly kind: 'string' }
  | { readonly kind: 'null' }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'number'; readonly value: number }
  /** `.inf`, `.nan` and numbers beyond float64: kubectl refuses the whole file ("unsupported value"). */
  | { readonly kind: 'unsendable' };

const BOOLEANS = new Map<string, boolean>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((word) => [word, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((word) => [word, false] as const),
]);
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const NON_FINITE = new Set(['.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF']);
/** go-yaml v2's `yamlStyleFloat`. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** Go's `strconv.ParseInt(text, 0, 64)` (or ParseUint when `unsigned`); undefined when it fails. */
function goParseInt(text: string, unsigned: boolean): bigint | undefined {
  const match = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (match === null) return undefined;
  const [, sign = '', digits = ''] = match;
  if (unsigned && sign !== '') return undefined;
  let magnitude: bigint;
  if (/^0[xXbBoO]/.test(digits)) magnitude = BigInt(`0${digits[1]?.toLowerCase() ?? ''}${digits.slice(2)}`);
  else if (digits.startsWith('0') && digits.length > 1) magnitude = BigInt(`0o${digits.slice(1)}`);
  else magnitude = BigInt(digits);
  const value = sign === '-' ? -magnitude : magnitude;
  if (unsigned) return value <= UINT64_MAX ? value : undefined;
  return value >= INT64_MIN && value <= INT64_MAX ? value : undefined;
}

function asNumber(value: number): KubectlScalar {
  return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'unsendable' };
}

/** What kubectl reads from the text of an unquoted scalar. */
export function kubectlScalar(text: string): KubectlScalar {
  const bool = BOOLEANS.get(text);
  if (bool !== undefined) return { kind: 'bool', value: bool };
  if (NULLS.has(text)) return { kind: 'null' };
  if (NON_FINITE.has(text)) return { kind: 'unsendable' };
  const first = text[0] ?? '';
  if (first === '.') return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text) ? asNumber(Number(text)) : { kind: 'string' };
  if (!/[-+0-9]/.test(first)) return { kind: 'string' };
  const plain = text.replace(/_/g, '');
  const integer = goParseInt(plain, false) ?? goParseInt(plain, true);
  if (integer !== undefined) return { kind: 'number', value: Number(integer) };
  if (YAML_STYLE_FLOAT.test(plain)) return asNumber(Number(plain));
  if (/^-?0b[01]+$/.test(plain)) {
    const value = BigInt(`0b${plain.replace(/^-?0b/, '')}`);
    if (value <= INT64_MAX) return { kind: 'number', value: Number(plain.startsWith('-') ? -value : value) };
  }
  return { kind: 'string' };
}

/** Whether kubectl's reading of `text` is the value shipshape read. */
export function readsTheSame(kubectl: KubectlScalar, ours: unknown): boolean {
  switch (kubectl.kind) {
    case 'string':
      return typeof ours === 'string';
    case 'null':
      return ours === null;
    case 'bool':
      return ours === kubectl.value;
    case 'number':
      return typeof ours === 'number' && (ours === kubectl.value || (ours === 0 && kubectl.value === 0));
    case 'unsendable':
      return false;
  }
}

/** How a report describes what kubectl reads. */
export function describeKubectlScalar(kubectl: KubectlScalar): string {
  switch (kubectl.kind) {
    case 'string':
      return 'a string';
    case 'null':
      return 'null';
    case 'bool':
      return `the boolean ${kubectl.value}`;
    case 'number':
      return `the number ${kubectl.value}`;
    case 'unsendable':
      return 'a number JSON cannot hold, so kubectl refuses the file';
  }
}
