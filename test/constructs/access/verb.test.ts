import { KNOWN_VERBS, STANDARD_VERBS, Verb } from '../../../src';

describe('Verb', () => {
  test('read and write are the usual sets; write leaves out deletecollection', () => {
    expect(Verb.READ).toEqual(['get', 'list', 'watch']);
    expect(Verb.WRITE).toEqual(['create', 'update', 'patch', 'delete']);
    expect(STANDARD_VERBS).toContain('deletecollection');
    expect(KNOWN_VERBS).toEqual(expect.arrayContaining(['bind', 'escalate', 'impersonate', 'use', 'approve', 'sign']));
  });

  test('ALL is the wildcard and custom() any other verb', () => {
    expect(Verb.ALL.name).toBe('*');
    expect(Verb.custom('frobnicate').name).toBe('frobnicate');
  });
});
