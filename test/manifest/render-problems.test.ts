/** Problems rendering works around: thrown outside a collecting synthesis, gathered (once each) inside one. */
import { ShipshapeError } from '../../src/errors';
import { collectRenderProblems, reportRenderProblem } from '../../src/manifest/render-problems';

describe('render problems', () => {
  test('are thrown when no synthesis collects them', () => {
    expect(() => reportRenderProblem(new ShipshapeError('no value for password'))).toThrow(/no value for password/);
  });

  test('are collected once per message while a synthesis collects them, and thrown again afterwards', () => {
    const { result, problems } = collectRenderProblems(() => {
      reportRenderProblem(new ShipshapeError('first'));
      reportRenderProblem(new ShipshapeError('second'));
      reportRenderProblem(new ShipshapeError('first'));
      return 42;
    });
    expect(result).toBe(42);
    expect(problems).toEqual(['first', 'second']);
    expect(() => reportRenderProblem(new ShipshapeError('after'))).toThrow(/after/);
  });

  test('belong to the innermost collection, and an exception ends it', () => {
    const outer = collectRenderProblems(() => {
      reportRenderProblem(new ShipshapeError('outer'));
      const inner = collectRenderProblems(() => reportRenderProblem(new ShipshapeError('inner')));
      expect(inner.problems).toEqual(['inner']);
      expect(() => collectRenderProblems(() => {
        throw new ShipshapeError('boom');
      })).toThrow(/boom/);
      reportRenderProblem(new ShipshapeError('outer again'));
    });
    expect(outer.problems).toEqual(['outer', 'outer again']);
  });
});
