/** Finds the charts of an app and renders each of their objects exactly once. */
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ShipshapeError } from '../errors';
import { withoutNamespaceIfClusterScoped } from '../manifest/cluster-scoped';
import { dependencyKey, DEPENDS_ON_ANNOTATION, formatDependsOn, parseDependsOn } from '../manifest/apply-order';
import { KubeObject } from '../manifest/kube-object';

/** An object rendered from the construct tree, with where it came from. */
export interface CollectedObject {
  readonly object: KubeObject;
  readonly chart: Chart;
  readonly constructPath: string;
  /** The path of the ApiObject itself (below `constructPath` for shipshape constructs). */
  readonly apiObjectPath: string;
}

/** What collection produced: objects, and the problems met on the way (all of them). */
export interface Collection {
  readonly charts: readonly Chart[];
  readonly objects: readonly CollectedObject[];
  readonly problems: readonly string[];
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
  for (const apiObject of apiObjects) {
    try {
      const object = withoutNamespaceIfClusterScoped(apiObject.toJson() as KubeObject);
      objects.push({ object, chart: apiObject.chart, constructPath: constructPathOf(apiObject), apiObjectPath: apiObject.node.path });
    } catch (error) {
      problems.push(error instanceof ShipshapeError ? error.message : `'${apiObject.node.path}': ${error instanceof Error ? error.message : String(error)}`);
    }
    done += 1;
    if (onProgress !== undefined && done % 500 === 0) onProgress(done, apiObjects.length);
  }
  return { charts, objects: withDependencies(all, objects, problems), problems };
}

/**
 * Records `addDependency()` between constructs on the rendered objects: every object below a construct depends on
 * every object below the constructs it depends on (as cdk8s orders them), written as the
 * `shipshape.io/depends-on` annotation so that file order and `shipshape apply` both honour it.
 */
function withDependencies(all: readonly IConstruct[], objects: CollectedObject[], problems: string[]): CollectedObject[] {
  const dependents = all.filter((construct) => construct.node.dependencies.length > 0);
  if (dependents.length === 0) return objects;
  const byPath = new Map(objects.map((collected, index) => [collected.apiObjectPath, index]));
  const objectsBelow = (construct: IConstruct): number[] =>
    construct.node.findAll().flatMap((child) => (ApiObject.isApiObject(child) ? (byPath.get(child.node.path) ?? []) : []));
  const keys = new Map<number, Set<string>>();
  for (const construct of dependents) {
    const sources = objectsBelow(construct);
    for (const dependency of construct.node.dependencies) {
      const targets = objectsBelow(dependency);
      if (targets.length === 0) {
        problems.push(`'${construct.node.path}': addDependency('${dependency.node.path}') names a construct that writes no Kubernetes object, so it cannot order anything. Depend on a construct that writes one.`);
        continue;
      }
      for (const source of sources) {
        for (const target of targets) {
          if (source === target) continue;
          const set = keys.get(source) ?? new Set<string>();
          set.add(dependencyKey((objects[target] as CollectedObject).object));
          keys.set(source, set);
        }
      }
    }
  }
  return objects.map((collected, index) => {
    const own = keys.get(index);
    if (own === undefined) return collected;
    const { object } = collected;
    const annotations = { ...object.metadata.annotations, [DEPENDS_ON_ANNOTATION]: formatDependsOn([...parseDependsOn(object), ...own]) };
    return { ...collected, object: { ...object, metadata: { ...object.metadata, annotations } } };
  });
}

/** The path users know: that of the construct owning a `Resource`/`Default` ApiObject, else the object's own. */
function constructPathOf(apiObject: ApiObject): string {
  const { id, scope } = apiObject.node;
  return (id === 'Resource' || id === 'Default') && scope !== undefined ? scope.node.path : apiObject.node.path;
}
