/** How `validateManifests` finds the CRDs of a run and checks custom resources with them. */
import type { ValidateOptions } from '../options';
import type { ResourceStatus } from '../problem';
import { checkCustomResource, CustomResourceCatalog, type CustomKindLookup } from '../custom-resources';
import type { Finding } from './collector';
import type { ObjectEntry } from './object-entry';

/** The fix of `schema/missing`: the three ways a custom resource gets its schema, and the way out. */
export const MISSING_SCHEMA_FIX =
  'Check apiVersion and kind for typos. For a custom resource, give its CustomResourceDefinition in one of three ways: ' +
  'import it with `shipshape import <crd.yaml>` and use the generated construct (synthesis then knows its schema), ' +
  'include the CRD among the validated objects, or pass it with `--crd <file|folder>` (option customResourceDefinitions). ' +
  'Or skip objects without a schema with --ignore-missing-schemas (option ignoreMissingSchemas).';

/** The CRDs of one run: those given in the options first, then those among the objects (which win, being what is applied). */
export function customResourceCatalogFor(entries: readonly ObjectEntry[], options: ValidateOptions): CustomResourceCatalog {
  const given = CustomResourceCatalog.read(options.customResourceDefinitions ?? []).definitions;
  const present = CustomResourceCatalog.read(entries.map((entry) => entry.object)).definitions;
  return new CustomResourceCatalog([...given, ...present]);
}

/** Checks an object whose kind a CRD defines; returns its status. */
export function checkCustomKind(entry: ObjectEntry, found: Exclude<CustomKindLookup, { status: 'unknown' }>, report: (finding: Finding) => void): ResourceStatus {
  if (found.status === 'not-served') {
    report({
      ruleId: 'schema/api-not-served',
      severity: 'error',
      fieldPath: 'apiVersion',
      value: entry.ref.apiVersion,
      message: `${entry.ref.kind} in ${entry.ref.apiVersion} is not served by its CRD ${found.definition.name}`,
      fix: found.served.length === 0 ? `The CRD serves no version; check it.` : `Use ${found.served.join(' or ')}.`,
    });
    return 'valid';
  }
  checkCustomResource(entry.object, found, report);
  return 'valid';
}
