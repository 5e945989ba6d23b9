import { validateYaml, type ValidateOptions } from '../../../src/validate';

/** A PriorityClass as a user writes it by hand. */
const priorityClass = (name: string, value: number | string, extra = ''): string =>
  `apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: ${name}\nvalue: ${value}\n${extra}`;

const problemsOf = (documents: readonly string[], options: ValidateOptions = {}) =>
  validateYaml([{ file: 'classes.yaml', text: documents.join('---\n') }], { policies: false, ...options }).problems.map((problem) => ({
    ruleId: problem.ruleId,
    severity: problem.severity,
    object: problem.object.name,
    fieldPath: problem.fieldPath,
    value: problem.value,
    message: problem.message,
    fix: problem.fix,
  }));

describe('API-server rules: PriorityClasses', () => {
  test('user classes from the lowest 32-bit integer to 1000000000 pass, and so do the system classes written as the cluster has them', () => {
    expect(
      problemsOf([
        priorityClass('lowest', -2147483648),
        priorityClass('highest', 1000000000, 'preemptionPolicy: Never\ndescription: the top of the user range\n'),
        priorityClass('system-cluster-critical', 2000000000),
        priorityClass('system-node-critical', 2000001000, 'globalDefault: false\n'),
      ]),
    ).toEqual([]);
  });

  test('fails on a value above the highest user priority, in the words of the PriorityClass construct', () => {
    expect(problemsOf([priorityClass('critical', 1000000001)])).toEqual([
      {
        ruleId: 'api/priority-class-value',
        severity: 'error',
        object: 'critical',
        fieldPath: 'value',
        value: 1000000001,
        message: 'value must be a whole number from -2147483648 to 1000000000; larger values are reserved for the system classes',
        fix: 'Use at most 1000000000, or name system-cluster-critical in the pods of a cluster component.',
      },
    ]);
    expect(problemsOf([priorityClass('cluster-range', 2000000000)]).map((problem) => problem.ruleId)).toEqual(['api/priority-class-value']);
  });

  test('a value beyond 32 bits is reported once, by the schema', () => {
    expect(problemsOf([priorityClass('huge', 3000000000)]).map((problem) => problem.ruleId)).toEqual(['schema/format']);
  });

  test('fails on a name that starts with system- and is not one of the cluster\'s own classes', () => {
    expect(problemsOf([priorityClass('system-mine', 10)])).toEqual([
      {
        ruleId: 'api/priority-class-name',
        severity: 'error',
        object: 'system-mine',
        fieldPath: 'metadata.name',
        value: 'system-mine',
        message: 'metadata.name starts with "system-", which is reserved for the cluster\'s own classes (system-cluster-critical, system-node-critical)',
        fix: 'Choose another name, or leave the class out and name system-cluster-critical or system-node-critical in the pods.',
      },
    ]);
  });

  test('fails on a system class written with another value or as the default', () => {
    for (const text of [priorityClass('system-node-critical', 1000), priorityClass('system-cluster-critical', 2000000000, 'globalDefault: true\n')]) {
      expect(problemsOf([text])).toEqual([
        expect.objectContaining({
          ruleId: 'api/priority-class-name',
          fieldPath: 'metadata.name',
          message: expect.stringMatching(/^system-(node|cluster)-critical is one of the cluster's own classes; the API server admits it only with value 200000\d000 and globalDefault false$/),
        }),
      ]);
    }
  });

  test('fails on a second default class in the same set, naming the first; one default class passes', () => {
    const defaults = [priorityClass('normal', 0, 'globalDefault: true\n'), priorityClass('batch', -10, 'globalDefault: false\n'), priorityClass('other', 1, 'globalDefault: true\n'), priorityClass('third', 2, 'globalDefault: true\n')];
    expect(problemsOf(defaults.slice(0, 2))).toEqual([]);
    expect(problemsOf(defaults)).toEqual(
      ['other', 'third'].map((name) => ({
        ruleId: 'api/priority-class-global-default',
        severity: 'error',
        object: name,
        fieldPath: 'globalDefault',
        value: true,
        message: 'globalDefault is true, and so is it for PriorityClass normal; the API server admits one default class per cluster',
        fix: 'Set globalDefault on one class only.',
      })),
    );
  });

  test('the checks can be switched off by id like every other rule', () => {
    expect(problemsOf([priorityClass('critical', 1000000001), priorityClass('system-mine', 10)], { disabledChecks: [{ id: 'api/priority-class-value', reason: 'a test' }, { id: 'api/priority-class-name', reason: 'a test' }] })).toEqual([]);
  });
});
