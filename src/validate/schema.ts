/**
 * The schema layer: checks each object against the official OpenAPI schema of each target
 * Kubernetes version (via the validators kubernetes-models compiles from it), and adds what
 * kubeconform's `-strict` adds: unknown fields at any depth and apiVersions the version no longer serves.
 */
import type { Finding } from './private/collector';
import { ajvFindings } from './private/ajv-findings';
import { formatSegments, type Segments } from './private/json';
import type { RefType, ShapeRegistry, TypeExpr } from './private/model-shapes';
import type { KindLookup, SchemaCatalog } from './private/schema-catalog';
import { replacementApiVersion } from './private/served-apis';
import { closest } from './private/closest';

/** Whether an object could be checked against a version's schema. */
export type SchemaOutcome = 'checked' | 'missing-schema';

/** Checks one object against one version's schema; findings go to `report`. */
export function checkSchema(object: Readonly<Record<string, unknown>>, catalog: SchemaCatalog, report: (finding: Finding) => void): SchemaOutcome {
  return checkAgainst(object, undefined, catalog, catalog.lookup(String(object.apiVersion), String(object.kind)), true, report);
}

/**
 * Checks one object against the schema of each version (`checkSchema` for each, in order). When two versions
 * serve the kind, one walk of the fast path tries both at once; most objects end there.
 */
export function checkSchemas(object: Readonly<Record<string, unknown>>, catalogs: readonly SchemaCatalog[], report: (finding: Finding) => void): SchemaOutcome[] {
  const apiVersion = String(object.apiVersion);
  const kind = String(object.kind);
  const found = catalogs.map((catalog) => catalog.lookup(apiVersion, kind));
  const [first, second] = found;
  const [firstCatalog, secondCatalog] = catalogs;
  const both = found.length === 2 && first?.status === 'served' && second?.status === 'served' && firstCatalog !== undefined && secondCatalog !== undefined;
  // A null field fails the fast path wherever the schema refuses null, so proven objects need no copy without nulls.
  if (both && firstCatalog.fastPath.isValidInBoth(object, first.root, secondCatalog.fastPath, second.root)) return ['checked', 'checked'];
  const values = withoutNullFields(object);
  // After a joint walk that could not prove the object, walking each version again would rarely prove more.
  return catalogs.map((catalog, index) => checkAgainst(object, values, catalog, found[index] as KindLookup, !both, report));
}

/**
 * The object as the API server reads it: a field set to null (`resources:` or `imagePullPolicy:` left empty, as
 * templates often write them) is a field not set. Every way kubectl sends an object (server-side apply, client-side
 * apply, create) is accepted with such nulls; a required field that is null is still missing. Null list items stay.
 * The object itself when it has no null field.
 */
export function withoutNullFields<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    const list = value as readonly unknown[];
    list.forEach((item, index) => {
      const next = withoutNullFields(item);
      if (next !== item) (copy ??= [...list])[index] = next;
    });
    return (copy ?? value) as T;
  }
  const record = value as Record<string, unknown>;
  let result = record;
  for (const key in record) {
    const item = record[key];
    const next = item === null ? undefined : withoutNullFields(item);
    if (next === item) continue;
    if (result === record) result = { ...record };
    if (next === undefined) delete result[key];
    else result[key] = next;
  }
  return result as T;
}

/**
 * Checks the object without its null fields (`values`, made here when not given) against the schema, and the object
 * itself for unknown fields.
 */
function checkAgainst(
  object: Readonly<Record<string, unknown>>,
  given: Readonly<Record<string, unknown>> | undefined,
  catalog: SchemaCatalog,
  found: KindLookup,
  fastPath: boolean,
  report: (finding: Finding) => void,
): SchemaOutcome {
  const apiVersion = String(object.apiVersion);
  const kind = String(object.kind);
  const version = catalog.version;
  if (found.status === 'unknown') return 'missing-schema';
  if (found.status === 'not-served') {
    const replacement = replacementApiVersion(apiVersion, kind);
    report({
      ruleId: 'schema/api-not-served',
      severity: 'error',
      kubernetesVersion: version,
      fieldPath: 'apiVersion',
      value: apiVersion,
      message: `${kind} in ${apiVersion} is not served by the target Kubernetes version (removed or never enabled by default)`,
      fix: replacement === undefined ? `Use an apiVersion that the Kubernetes version serves for ${kind}.` : `Use apiVersion ${replacement} (check the field changes of that version).`,
    });
    return 'checked';
  }
  // Most objects are valid and have no unknown field: the fast path proves it, and the rest is for the others.
  if (fastPath && catalog.fastPath.isValid(object, found.root)) return 'checked';
  const values = given ?? withoutNullFields(object);
  if (!found.validate(values)) {
    for (const finding of ajvFindings(found.validate.errors ?? [], values, version)) report(finding);
  }
  walkUnknownFields(object, found.root, [], catalog.shapes, (fieldPath, key, known) => {
    const suggestion = closest(key, known);
    report({
      ruleId: 'schema/unknown-field',
      severity: 'error',
      kubernetesVersion: version,
      fieldPath,
      message: `${fieldPath} is not a field of ${kind} ${apiVersion}`,
      fix: `${suggestion === undefined ? '' : `Did you mean ${suggestion}? `}Remove ${key} or correct its spelling or indentation (the API server would drop it or reject it).`,
    });
  });
  return 'checked';
}

/** The field paths of the fields of `object` that its type (or a type inside it) does not have. */
export function unknownFieldPaths(object: unknown, root: RefType, shapes: ShapeRegistry): string[] {
  const paths: string[] = [];
  walkUnknownFields(object, root, [], shapes, (fieldPath) => paths.push(fieldPath));
  return paths;
}

function walkUnknownFields(
  value: unknown,
  type: TypeExpr,
  segments: Segments,
  shapes: ShapeRegistry,
  unknown: (fieldPath: string, key: string, known: readonly string[]) => void,
): void {
  if (value === null || typeof value !== 'object') return;
  switch (type.t) {
    case 'leaf':
      return;
    case 'array':
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index++) {
          segments.push(index);
          walkUnknownFields(value[index], type.of, segments, shapes, unknown);
          segments.pop();
        }
      }
      return;
    case 'map': {
      if (Array.isArray(value) || type.of.t === 'leaf') return;
      const record = value as Record<string, unknown>;
      for (const key in record) {
        segments.push(key);
        walkUnknownFields(record[key], type.of, segments, shapes, unknown);
        segments.pop();
      }
      return;
    }
    case 'ref': {
      if (Array.isArray(value)) return;
      const props = shapes.resolve(type)?.props;
      if (props === undefined) return;
      const record = value as Record<string, unknown>;
      for (const key in record) {
        const propType = props.get(key);
        // Most fields are known leaves: the path grows only for what is walked or reported.
        if (propType !== undefined && propType.t === 'leaf') continue;
        segments.push(key);
        if (propType === undefined) unknown(formatSegments(segments), key, [...props.keys()]);
        else walkUnknownFields(record[key], propType, segments, shapes, unknown);
        segments.pop();
      }
    }
  }
}
