/**
 * Where each object is written: `<environment>/<chart>.k8s.yaml`, and Secrets, which hold real values,
 * to `<environment>/<chart>.secrets.k8s.yaml`, a file git ignores and only the owner can read.
 */
import { Chart } from 'cdk8s';
import { Environment } from '../constructs/app/environment';

/** The suffix of files that hold everything but Secrets. */
export const MANIFEST_SUFFIX = '.k8s.yaml';
/** The suffix of files that hold Secrets; `.gitignore` must cover `*.secrets.k8s.yaml`. */
export const SECRETS_SUFFIX = '.secrets.k8s.yaml';

/** The output files of one chart, relative to the output folder. */
export interface ChartFiles {
  readonly manifests: string;
  readonly secrets: string;
}

/** Turns a construct id into a file-name word that is safe on every file system. */
function fileWord(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'chart';
}

/** The files of a chart: in its environment's folder when it has one, else at the top of the output folder. */
export function chartFiles(chart: Chart): ChartFiles {
  const environment = Environment.of(chart);
  const folder = environment ? `${fileWord(environment.name)}/` : '';
  const base = folder + fileWord(chart.node.id);
  return { manifests: base + MANIFEST_SUFFIX, secrets: base + SECRETS_SUFFIX };
}
