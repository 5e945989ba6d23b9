/** Parses synthesized YAML files for tests; finding objects lives in `find.ts`. */
import { loadAll } from 'js-yaml';
import { FoundObject } from './find';

export { findObject, findObjects as objectsOfKind } from './find';
export type { FoundObject as Obj } from './find';

/** Parses a multi-document YAML file into its objects. */
export function parseYaml(text: string): FoundObject[] {
  return (loadAll(text) as Array<FoundObject | null | undefined>).filter((doc): doc is FoundObject => doc !== null && doc !== undefined);
}
