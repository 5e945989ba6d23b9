/** Finds the charts of an app and renders each of their objects exactly once. */
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ShipshapeError } from '../errors';
import { withoutNamespaceIfClusterScoped } from '../manifest/cluster-scoped';
import { KubeObject } from '../manifest/kube-object';

/** An object rendered from the construct tree, with where it came from. */
export interface CollectedObject {
  readonly object: KubeObject;
  readonly chart: Chart;
  readonly constructPath: string;
}

/** What collection produced: objects, and the problems met on the way (all of them). */
export interface Collection {
  readonly charts: readonly Chart[];
  readonly objects: readonly CollectedObject[];
  readonly problems: readonly string[];
  /** How many ApiObjects could not be rendered (their problems are among `problems`). */
  readonly unrendered: number;
}

/**
 * Walks the tree once: runs every construct's validations, then renders every ApiObject once. Stock
 * `App.synth()` re-validates and re-resolves the whole app for every chart, which is quadratic.
 */
export function collect(root: IConstruct, onProgress?: (done: number, total: number) => void): Collection {
  const all = root.node.findAll();
  const problems: string[] = [];
  const charts: Chart[] = [];
  const apiObjects: ApiObject[] = [];
  for (const construct of all) {
    if (Chart.isChart(construct)) charts.push(construct);
    else if (ApiObject.isApiObject(construct)) apiObjects.push(construct);
    for (const message of construct.node.validate()) problems.push(message.includes(construct.node.path) ? message : `'${construct.node.path}': ${message}`);
  }
  const objects: CollectedObject[] = [];
  let done = 0;
  let unrendered = 0;
  for (const apiObject of apiObjects) {
    try {
      const object = withoutNamespaceIfClusterScoped(apiObject.toJson() as KubeObject);
      objects.push({ object, chart: apiObject.chart, constructPath: constructPathOf(apiObject) });
    } catch (error) {
      unrendered += 1;
      problems.push(error instanceof ShipshapeError ? error.message : `'${apiObject.node.path}': ${error instanceof Error ? error.message : String(error)}`);
    }
    done += 1;
    if (onProgress !== undefined && done % 500 === 0) onProgress(done, apiObjects.length);
  }
  return { charts, objects, problems, unrendered };
}

/** The path users know: that of the construct owning a `Resource`/`Default` ApiObject, else the object's own. */
function constructPathOf(apiObject: ApiObject): string {
  const { id, scope } = apiObject.node;
  return (id === 'Resource' || id === 'Default') && scope !== undefined ? scope.node.path : apiObject.node.path;
}
