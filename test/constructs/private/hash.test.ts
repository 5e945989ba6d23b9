import { canonicalJson, contentHash } from '../../../src/constructs/private/hash';

describe('canonicalJson', () => {
  test('sorts object keys at every depth but keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: null } })).toBe('{"a":{"c":null,"d":[3,1]},"b":1}');
  });
});

describe('contentHash', () => {
  test('is the same for equal content in any key order', () => {
    expect(contentHash({ a: 1, b: { c: 2, d: 3 } })).toBe(contentHash({ b: { d: 3, c: 2 }, a: 1 }));
  });

  test('changes when any value changes', () => {
    expect(contentHash({ a: 1, b: { c: 2 } })).not.toBe(contentHash({ a: 1, b: { c: 3 } }));
  });

  test('is 16 hex characters unless another length is asked for', () => {
    expect(contentHash('x')).toMatch(/^[0-9a-f]{16}$/);
    expect(contentHash('x', 8)).toMatch(/^[0-9a-f]{8}$/);
    expect(contentHash('x', 8)).toBe(contentHash('x').slice(0, 8));
  });
});
