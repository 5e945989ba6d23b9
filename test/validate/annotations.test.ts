import type { KubeObject, Manifest } from '../../src/manifest/kube-object';
import {
  AnnotationValueError,
  EXTERNAL_REFERENCES_ANNOTATION,
  externalReferences,
  NAMESPACE_EXISTS_ANNOTATION,
  parseExternalReferences,
  parseSkipChecks,
  SKIP_CHECKS_ANNOTATION,
  skipChecks,
  validateManifests,
  ValidateOptionsError,
} from '../../src/validate';

const deployment = (annotations: Record<string, string>, image = 'nginx:1.27.0', namespace?: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', annotations, ...(namespace === undefined ? {} : { namespace }) },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image,
            securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false },
            env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'mongo-root', key: 'password' } } }],
          },
        ],
      },
    },
  },
});
const errorIds = (manifests: Manifest[], options = {}) =>
  validateManifests(manifests, options).problems.filter((problem) => problem.severity === 'error').map((problem) => problem.ruleId);

describe('validation annotations', () => {
  test('helpers build the values the parsers read back', () => {
    const external = externalReferences({ kind: 'Secret', name: 'mongo-root' }, { kind: 'ConfigMap', name: '*' });
    expect(external).toBe('Secret/mongo-root, ConfigMap/*');
    expect([...parseExternalReferences(external)]).toEqual(['Secret/mongo-root', 'ConfigMap/*']);
    const skip = skipChecks({ 'policy/image-tag': 'pinned by digest upstream', 'policy/run-as-non-root': 'image sets USER 1000' });
    expect(skip).toBe('policy/image-tag: pinned by digest upstream; policy/run-as-non-root: image sets USER 1000');
    expect([...parseSkipChecks(skip).skipped.keys()]).toEqual(['policy/image-tag', 'policy/run-as-non-root']);
  });

  test('helpers refuse values that could not be read back', () => {
    expect(() => externalReferences({ kind: 'Secret', name: 'a,b' })).toThrow(AnnotationValueError);
    expect(() => externalReferences({ kind: 'secret/x', name: 'a' })).toThrow(AnnotationValueError);
    expect(() => skipChecks({ 'policy/image-tag': ' ' })).toThrow(/non-empty reason/);
    expect(() => skipChecks({ imagetag: 'why' })).toThrow(AnnotationValueError);
  });

  test('an external reference annotation lets a workload use a Secret that exists only in the cluster', () => {
    expect(errorIds([{ object: deployment({}) }])).toEqual(['reference/missing-secret']);
    expect(errorIds([{ object: deployment({ [EXTERNAL_REFERENCES_ANNOTATION]: 'Secret/mongo-root' }) }])).toEqual([]);
    expect(errorIds([{ object: deployment({ [EXTERNAL_REFERENCES_ANNOTATION]: 'Secret/other' }) }])).toEqual(['reference/missing-secret']);
  });

  test('the namespace-exists annotation accepts a namespace that is not in the output', () => {
    const external = { [EXTERNAL_REFERENCES_ANNOTATION]: 'Secret/mongo-root' };
    expect(errorIds([{ object: deployment(external, undefined, 'team-a') }])).toEqual(['reference/missing-namespace']);
    expect(errorIds([{ object: deployment({ ...external, [NAMESPACE_EXISTS_ANNOTATION]: 'true' }, undefined, 'team-a') }])).toEqual([]);
    expect(errorIds([{ object: deployment(external, undefined, 'team-a') }], { existingNamespaces: ['team-a'] })).toEqual([]);
  });

  test('the skip annotation switches a check off for one object, and is counted', () => {
    const annotations = { [EXTERNAL_REFERENCES_ANNOTATION]: 'Secret/*', [SKIP_CHECKS_ANNOTATION]: skipChecks({ 'policy/image-tag': 'rebuilt nightly on purpose' }) };
    const report = validateManifests([{ object: deployment(annotations, 'nginx:latest') }]);
    expect(report.problems.map((problem) => problem.ruleId)).not.toContain('policy/image-tag');
    expect(report.suppressedCount).toBe(1);
  });

  test('a skip without a reason is an error and does not switch the check off', () => {
    const annotations = { [EXTERNAL_REFERENCES_ANNOTATION]: 'Secret/*', [SKIP_CHECKS_ANNOTATION]: 'policy/image-tag' };
    expect(errorIds([{ object: deployment(annotations, 'nginx:latest') }]).sort()).toEqual(['policy/image-tag', 'validate/skip-without-reason']);
  });

  test('disabledChecks switch a check off for a whole run or for one chart, and need a reason', () => {
    const latest = (constructPath: string): Manifest => ({ object: deployment({ [EXTERNAL_REFERENCES_ANNOTATION]: 'Secret/*' }, 'nginx:latest'), constructPath });
    const disabled = [{ id: 'policy/image-tag', reason: 'dev chart', scope: 'dev' }];
    expect(errorIds([latest('dev/web')], { disabledChecks: disabled })).toEqual([]);
    expect(errorIds([latest('prod/web')], { disabledChecks: disabled })).toEqual(['policy/image-tag']);
    expect(errorIds([latest('development/web')], { disabledChecks: disabled })).toEqual(['policy/image-tag']);
    expect(errorIds([latest('prod/web')], { disabledChecks: [{ id: 'policy/image-tag', reason: 'all' }] })).toEqual([]);
    expect(() => validateManifests([], { disabledChecks: [{ id: 'policy/image-tag', reason: '' }] })).toThrow(ValidateOptionsError);
  });
});
