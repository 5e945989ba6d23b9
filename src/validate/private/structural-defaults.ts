/**
 * What the API server does to a custom resource before it validates it (apiextensions-apiserver's
 * structuraldefaulting): every absent field whose schema has a `default` gets it, at any depth, defaults inside
 * defaults included. Without this, rules that read defaulted fields (Gateway API's `self.kind == 'Service'` on a
 * backendRef that leaves `kind` to its default) fail offline although the server accepts the object.
 *
 * A `null` is left as it is, to be refused where the schema does not allow it: server-side apply and `kubectl
 * create` drop such a null (or default it), but client-side `kubectl apply` sends it and the server refuses it.
 */
import type { JsonSchemaProps } from '../../manifest/custom-resource-definition';

type Json = unknown;

/**
 * The object as the server validates it, with its defaults. The input is never changed; parts without anything to
 * default are shared with it, so an object with nothing to do is returned as is.
 */
export function withStructuralDefaults(value: Json, schema: JsonSchemaProps | undefined): Json {
  if (schema === undefined || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items = schema.items;
    const list = value as readonly Json[];
    if (items === undefined) return list;
    let copy: Json[] | undefined;
    list.forEach((item, index) => {
      const next = withStructuralDefaults(item, items);
      if (next !== item) (copy ??= [...list])[index] = next;
    });
    return copy ?? list;
  }
  const record = value as Record<string, Json>;
  let result = record;
  const set = (key: string, next: Json): void => {
    if (result === record) result = { ...record };
    result[key] = next;
  };
  const properties = schema.properties ?? {};
  const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  for (const key of Object.keys(properties)) {
    const property = properties[key];
    if (property?.default !== undefined && !(key in record)) set(key, withStructuralDefaults(structuredClone(property.default), property));
  }
  for (const key of Object.keys(record)) {
    const property = Object.prototype.hasOwnProperty.call(properties, key) ? properties[key] : additional;
    const current = record[key];
    const next = withStructuralDefaults(current, property);
    if (next !== current) set(key, next);
  }
  return result;
}
