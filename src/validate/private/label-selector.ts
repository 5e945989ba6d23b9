/** Label selector matching, as the API server and controllers do it. */
import { asArray, asRecord, asString, asStringMap } from './json';

/** Whether a `LabelSelector` (`matchLabels` + `matchExpressions`) selects the labels. An empty selector selects everything. */
export function labelSelectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  const record = asRecord(selector);
  if (record === undefined) return false;
  if (!mapSelectorMatches(asStringMap(record.matchLabels), labels)) return false;
  for (const item of asArray(record.matchExpressions)) {
    const expression = asRecord(item);
    const key = asString(expression?.key);
    if (expression === undefined || key === undefined) return false;
    const values = asArray(expression.values).filter((value): value is string => typeof value === 'string');
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const value = labels[key];
    switch (expression.operator) {
      case 'In':
        if (value === undefined || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Whether a plain map selector (Service `spec.selector`) selects the labels. */
export function mapSelectorMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  for (const key in selector) if (labels[key] !== selector[key]) return false;
  return true;
}

/** Whether a LabelSelector is empty (and so selects every pod in the namespace). */
export function isEmptySelector(selector: unknown): boolean {
  const record = asRecord(selector);
  return Object.keys(asStringMap(record?.matchLabels)).length === 0 && asArray(record?.matchExpressions).length === 0;
}
