/** Finding a construct's nearest enclosing scope of a kind, shared by `AppChart.nearest()` and `Environment.of()`. */
import { IConstruct } from 'constructs';

/** The nearest scope above (or at) a construct that `is` accepts; undefined when none does. */
export function nearestScope<T extends IConstruct>(construct: IConstruct, is: (scope: IConstruct) => scope is T): T | undefined {
  // Up the scopes one by one: `node.scopes` would copy the whole path for every object built.
  for (let scope: IConstruct | undefined = construct; scope !== undefined; scope = scope.node.scope) {
    if (is(scope)) return scope;
  }
  return undefined;
}
