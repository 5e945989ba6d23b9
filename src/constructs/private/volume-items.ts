/** Rendering shared by volumes and projected sources: key-to-path items and downward API files. */
import { compareText } from '../../manifest/compare-text';
import type { DownwardApiField } from '../storage/downward-api';

/** `items` of a ConfigMap or Secret volume, sorted by key. */
export function itemsOf(items: Readonly<Record<string, string>> | undefined): Array<{ key: string; path: string }> | undefined {
  return items
    ? Object.entries(items)
        .sort(([a], [b]) => compareText(a, b))
        .map(([key, path]) => ({ key, path }))
    : undefined;
}

/** `items` of a downward API volume, sorted by path. */
export function downwardItems(items: Readonly<Record<string, DownwardApiField>>): Array<Record<string, unknown>> {
  return Object.entries(items)
    .sort(([a], [b]) => compareText(a, b))
    .map(([path, field]) => ({ path, ...field.toItem() }));
}
