import { imageProblem } from '../../../src/constructs/private/image';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('imageProblem', () => {
  test.each([
    'nginx:1.27',
    'library/nginx:1.27.3-alpine',
    'registry.example.com/team/app:1.2.3',
    'localhost:5000/app:dev_1',
    `nginx@${DIGEST}`,
    `registry.example.com/app:1.0@${DIGEST}`,
  ])('accepts the pinned reference %s', (image) => {
    expect(imageProblem(image, false)).toBeUndefined();
  });

  test('refuses an untagged image, which means latest, and suggests pinning it', () => {
    expect(imageProblem('nginx', false)).toEqual({
      problem: 'has no tag, which means "latest"',
      fix: 'Pin a version, e.g. "nginx:1.2.3" or a digest; or set allowLatestTag: true.',
    });
  });

  test('refuses the latest tag', () => {
    expect(imageProblem('registry.example.com/app:latest', false)?.problem).toMatch(/"latest" tag/);
  });

  test('does not mistake a registry port for a tag', () => {
    expect(imageProblem('localhost:5000/app', false)?.problem).toMatch(/has no tag/);
  });

  test('accepts latest and untagged images when allowed', () => {
    expect(imageProblem('nginx', true)).toBeUndefined();
    expect(imageProblem('nginx:latest', true)).toBeUndefined();
  });

  test('accepts a digest without a tag', () => {
    expect(imageProblem(`nginx@${DIGEST}`, false)).toBeUndefined();
  });

  test('refuses malformed references', () => {
    expect(imageProblem('', false)?.problem).toBe('must not be empty');
    expect(imageProblem('nginx: 1.27', false)?.problem).toMatch(/white space/);
    expect(imageProblem('nginx@sha256:xyz', false)?.problem).toMatch(/malformed digest/);
    expect(imageProblem('nginx:-bad', false)?.problem).toMatch(/malformed tag/);
    expect(imageProblem('Team/App:1.0', false)?.problem).toMatch(/not a valid image reference/);
  });
});
