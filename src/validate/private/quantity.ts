/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): parsing to a number for comparing
 * requests with limits. Precision beyond a double does not matter for that comparison.
 */

const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

const SUFFIX: Readonly<Record<string, number>> = {
  n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The value of a quantity (`500m` is 0.5, `1Gi` is 1073741824), or undefined when it is not one. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = QUANTITY.exec(value.trim());
  if (match === null) return undefined;
  const base = Number(match[1]);
  if (match[2] !== undefined) return base * (SUFFIX[match[2]] ?? 1);
  if (match[3] !== undefined) return base * 10 ** Number(match[3]);
  return base;
}
