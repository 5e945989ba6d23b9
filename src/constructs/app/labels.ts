/** The label and annotation keys shipshape writes. Changing one is a breaking change. */

/** Well-known and shipshape label keys. */
export const Labels = {
  /** The object's name; with the namespace, it selects a workload's pods. */
  NAME: 'app.kubernetes.io/name',
  /** The chart (application) an object belongs to. */
  PART_OF: 'app.kubernetes.io/part-of',
  /** The tool that wrote the manifest. */
  MANAGED_BY: 'app.kubernetes.io/managed-by',
  /** The environment (dev, staging, prod...) of the chart. */
  ENVIRONMENT: 'shipshape.io/environment',
} as const;

/** Annotation keys shipshape writes. */
export const Annotations = {
  /**
   * On pod templates: a hash of every ConfigMap and Secret the pods use, so that changing their content
   * rolls the pods (Helm's checksum idiom).
   */
  CONFIG_HASH: 'shipshape.io/config-hash',
} as const;
