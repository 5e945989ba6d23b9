import { Construct, IConstruct } from 'constructs';
import { nearestScope } from '../../../src/constructs/private/scopes';

class Marked extends Construct {}
const isMarked = (scope: IConstruct): scope is Marked => scope instanceof Marked;

describe('nearestScope', () => {
  const root = new Construct(undefined as unknown as Construct, 'root');
  const outer = new Marked(root, 'outer');
  const inner = new Marked(outer, 'inner');
  const leaf = new Construct(inner, 'leaf');

  test('finds the nearest matching scope above a construct, not a farther one', () => {
    expect(nearestScope(leaf, isMarked)).toBe(inner);
  });

  test('counts the construct itself as its own nearest scope', () => {
    expect(nearestScope(inner, isMarked)).toBe(inner);
  });

  test('returns undefined when no scope up to the root matches', () => {
    expect(nearestScope(leaf, (scope): scope is Construct => scope.node.id === 'elsewhere')).toBeUndefined();
  });
});
