/** Turns the terse errors of the compiled schema validators into findings a person can act on. */
import type { AjvError } from './schema-catalog';
import type { Finding } from './collector';
import { asRecord, fieldAppend } from './json';

const FORMAT_TEXT: Readonly<Record<string, string>> = {
  int32: 'a whole number between -2147483648 and 2147483647',
  int64: 'a 64-bit whole number',
  byte: 'base64-encoded data',
  double: 'a number',
  'int-or-string': 'a number or a string',
  quantity: 'a quantity such as 250m, 1, 512Mi or 2Gi',
};

/**
 * Kinds whose OpenAPI schema marks `spec` required although the API server accepts the object without one (every
 * field of their spec is optional or defaulted): `group/Kind`.
 */
const SPEC_OPTIONAL_KINDS = new Set(['storage.k8s.io/CSIDriver', 'storage.k8s.io/CSINode', 'resource.k8s.io/DeviceClass', 'resource.k8s.io/ResourceClaim', 'resource.k8s.io/ResourceClaimTemplate']);

/**
 * Whether the error is a null list item of a scalar type: the API server decodes it as the type's zero value (an
 * empty string, 0 or false) and accepts it, as templates write it (`args:` with an item `- {{ .Values.x }}` left empty).
 */
function isNullScalarItem(error: AjvError, data: unknown): boolean {
  if (error.keyword !== 'type' || !/\/\d+$/.test(error.instancePath) || !['string', 'integer', 'number', 'boolean'].includes(String(error.params.type))) return false;
  let value: unknown = data;
  for (const segment of error.instancePath.split('/').slice(1)) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    value = Array.isArray(value) ? value[Number(key)] : asRecord(value)?.[key];
  }
  return value === null;
}

/** Whether the server does not require what the schema's `required` error asks for. */
function requiredOnlyBySchema(error: AjvError, data: unknown): boolean {
  if (error.keyword !== 'required' || error.instancePath !== '' || error.params.missingProperty !== 'spec') return false;
  const object = asRecord(data);
  const apiVersion = typeof object?.apiVersion === 'string' ? object.apiVersion : '';
  return SPEC_OPTIONAL_KINDS.has(`${apiVersion.slice(0, Math.max(0, apiVersion.lastIndexOf('/')))}/${String(object?.kind)}`);
}

/**
 * Converts the errors of one validation into findings. An int-or-string or quantity field that is
 * wrong yields a type error per alternative, a format error and a oneOf error at the same path: we
 * keep the one that says what is expected.
 */
export function ajvFindings(errors: readonly AjvError[], data: unknown, version: string): Finding[] {
  const byPath = new Map<string, AjvError[]>();
  for (const error of errors) {
    if (requiredOnlyBySchema(error, data) || isNullScalarItem(error, data)) continue;
    const key = error.keyword === 'required' ? `${error.instancePath}\u0000${String(error.params.missingProperty)}` : error.instancePath;
    const list = byPath.get(key);
    if (list === undefined) byPath.set(key, [error]);
    else list.push(error);
  }
  const findings: Finding[] = [];
  for (const group of byPath.values()) {
    const format = group.find((error) => error.keyword === 'format');
    const types = group.filter((error) => error.keyword === 'type');
    if (format !== undefined) findings.push(ajvFinding(format, data, version));
    else if (types.length > 1 || (types.length === 1 && group.some((error) => error.keyword === 'oneOf'))) {
      const allowed = types.map((error) => String(error.params.type)).join(' or ');
      const first = types[0];
      if (first !== undefined) findings.push(ajvFinding({ ...first, params: { type: allowed } }, data, version));
    } else for (const error of group) findings.push(ajvFinding(error, data, version));
  }
  return findings;
}

/** Converts one validator error into a finding, resolving the JSON pointer against the data. */
export function ajvFinding(error: AjvError, data: unknown, version: string): Finding {
  const { fieldPath, value } = resolvePointer(data, error.instancePath);
  const params = error.params;
  const where = fieldPath === '' ? 'the object' : fieldPath;
  const base = { severity: 'error' as const, kubernetesVersion: version };
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const path = fieldAppend(fieldPath, missing);
      return { ...base, ruleId: 'schema/required', fieldPath: path, message: `${path} is required`, fix: `Set ${path}.` };
    }
    case 'type':
      return {
        ...base,
        ruleId: 'schema/type',
        fieldPath,
        value,
        message: `${where} must be of type ${String(params.type)}`,
        fix: `Write ${where} as ${article(String(params.type))}${value === undefined ? '' : ' (YAML quoting decides: "80" is a string, 80 a number)'}.`,
      };
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues.map((item) => JSON.stringify(item)).join(', ') : '';
      return { ...base, ruleId: 'schema/enum', fieldPath, value, message: `${where} must be one of ${allowed}`, fix: `Use one of ${allowed}.` };
    }
    case 'format': {
      const format = String(params.format);
      const text = FORMAT_TEXT[format] ?? `a valid ${format}`;
      return { ...base, ruleId: 'schema/format', fieldPath, value, message: `${where} must be ${text}`, fix: `Write ${where} as ${text}.` };
    }
    default:
      return {
        ...base,
        ruleId: `schema/${error.keyword.replace(/[^a-zA-Z]/g, '').toLowerCase() || 'invalid'}`,
        fieldPath,
        value,
        message: `${where} does not match the schema (${error.keyword})`,
        fix: `Check ${where} against the Kubernetes API reference.`,
      };
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** Follows a JSON pointer (`/spec/ports/0/port`) into the data, building the user's field path on the way. */
export function resolvePointer(data: unknown, pointer: string): { fieldPath: string; value: unknown } {
  let fieldPath = '';
  let current: unknown = data;
  if (pointer === '') return { fieldPath, value: current };
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      fieldPath += `[${segment}]`;
      current = current[Number(segment)];
    } else {
      fieldPath = fieldAppend(fieldPath, segment);
      current = asRecord(current)?.[segment];
    }
  }
  return { fieldPath, value: current };
}
