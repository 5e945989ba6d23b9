import { App, Size, Testing } from 'cdk8s';
import { AccessMode, AppChart, PersistentVolumeClaim, renderClaimSpec, synthesize } from '../../../src';
import { expectValidationError } from '../../helpers/errors';
import { findObject } from '../../helpers/find';

describe('PersistentVolumeClaim', () => {
  test('a minimal claim asks for ReadWriteOnce storage of its size and is valid', () => {
    const app = new App();
    new PersistentVolumeClaim(new AppChart(app, 'shop'), 'Data', { size: Size.gibibytes(10) });
    expect(findObject(synthesize(app).manifests, 'PersistentVolumeClaim', 'data').spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
    });
  });

  test('a claim renders a storage class, access modes, name and labels', () => {
    const chart = new AppChart(new App(), 'shop');
    new PersistentVolumeClaim(chart, 'Data', { name: 'shared', size: Size.mebibytes(1536), storageClassName: 'nfs', accessModes: [AccessMode.READ_WRITE_MANY, AccessMode.READ_ONLY_MANY], labels: { tier: 'data' } });
    const claim = findObject(Testing.synth(chart), 'PersistentVolumeClaim', 'shared');
    expect(claim.spec).toEqual({ accessModes: ['ReadWriteMany', 'ReadOnlyMany'], storageClassName: 'nfs', resources: { requests: { storage: '1536Mi' } } });
    expect(claim.metadata.labels).toMatchObject({ tier: 'data' });
  });

  test('fails when a claim asks for no storage', () => {
    expectValidationError(() => new PersistentVolumeClaim(new AppChart(new App(), 'shop'), 'Data', { size: Size.gibibytes(0) }), {
      problem: /must be more than 0/,
      path: 'shop/Data',
      field: 'size',
      value: '"0Ki"',
      fix: /Ask for the storage the data needs, e\.g\. Size\.gibibytes\(10\)\./,
    });
  });

  test('fails when access modes are given but empty', () => {
    expect(() => new PersistentVolumeClaim(new AppChart(new App(), 'shop'), 'Data', { size: Size.gibibytes(1), accessModes: [] })).toThrow(
      /PersistentVolumeClaim 'shop\/Data': accessModes: must not be empty/,
    );
    expect(() => renderClaimSpec({ size: Size.gibibytes(1), accessModes: [] }, { path: 'p', construct: 'PersistentVolumeClaim', field: 'claim' })).toThrow(
      /'p': claim\.accessModes: must not be empty, got \[\]\. Leave it out for ReadWriteOnce, or list the modes\./,
    );
  });
});
