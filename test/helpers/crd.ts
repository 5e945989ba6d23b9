import type { KubeObject } from '../../src/manifest/kube-object';

/** What a one-version CustomResourceDefinition of a test needs said. */
export interface TestCrd {
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
  /** The openAPIV3Schema of its one version. */
  readonly schema: Record<string, unknown>;
  /** @default 'Namespaced' */
  readonly scope?: 'Namespaced' | 'Cluster';
  /** @default 'v1' */
  readonly version?: string;
}

/** A CustomResourceDefinition `<plural>.<group>` with one served and stored version. */
export function oneVersionCrd({ group, kind, plural, schema, scope = 'Namespaced', version = 'v1' }: TestCrd): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: { group, names: { kind, plural }, scope, versions: [{ name: version, served: true, storage: true, schema: { openAPIV3Schema: schema } }] },
  };
}
