/**
 * One rendering of an app: synthesis renders every object inside one pass, and what several objects need of
 * the same construct (a Secret's values, read from the environment or from files) is worked out once in it.
 * Outside a pass (a chart's `toJson()`, `Testing.synth()`) everything is worked out on every call, as before.
 */

/** The values worked out in the pass under way, by the construct they belong to; none outside a pass. */
let current: WeakMap<object, unknown> | undefined;

/** Runs `render` as one pass: values asked for with `oncePerRenderPass` are worked out once inside it. */
export function inRenderPass<T>(render: () => T): T {
  const outer = current;
  current = new WeakMap();
  try {
    return render();
  } finally {
    current = outer;
  }
}

/**
 * The value of `compute` for `owner`, computed once per render pass (and on every call outside one). A
 * `compute` that throws is not remembered, so that every caller meets the error.
 */
export function oncePerRenderPass<T>(owner: object, compute: () => T): T {
  const values = current;
  if (values === undefined) return compute();
  if (values.has(owner)) return values.get(owner) as T;
  const value = compute();
  values.set(owner, value);
  return value;
}
