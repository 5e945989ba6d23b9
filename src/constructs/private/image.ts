/** Container image references: a tag or digest is required so that deployments are repeatable. */

/** What is wrong with an image reference, if anything, and how to fix it. */
export interface ImageProblem {
  readonly problem: string;
  readonly fix: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;

/** Checks an image reference; `allowLatest` accepts `latest` and untagged references. */
export function imageProblem(image: string, allowLatest: boolean): ImageProblem | undefined {
  if (image.trim() === '') return { problem: 'must not be empty', fix: 'Give an image such as "nginx:1.27".' };
  if (/\s/.test(image)) return { problem: 'must not contain white space', fix: 'Remove the spaces.' };
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) {
      return { problem: `has a malformed digest "${digest}"`, fix: 'Use "@sha256:" followed by 64 hex digits.' };
    }
  }
  const lastSlash = rest.lastIndexOf('/');
  const lastColon = rest.lastIndexOf(':');
  let tag: string | undefined;
  if (lastColon > lastSlash) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG.test(tag)) return { problem: `has a malformed tag "${tag}"`, fix: 'Tags are letters, digits, "_", "." and "-", at most 128.' };
  }
  const parts = rest.split('/');
  const hasRegistry = parts.length > 1 && /[.:]|^localhost$/.test(parts[0] ?? '');
  const pathParts = hasRegistry ? parts.slice(1) : parts;
  if (pathParts.length === 0 || !pathParts.every((part) => COMPONENT.test(part))) {
    return { problem: 'is not a valid image reference', fix: 'Use lower-case repository names, e.g. "registry.example.com/team/app:1.2.3".' };
  }
  if (!allowLatest && digest === undefined) {
    if (tag === undefined) {
      return { problem: 'has no tag, which means "latest"', fix: `Pin a version, e.g. "${rest}:1.2.3" or a digest; or set allowLatestTag: true.` };
    }
    if (tag === 'latest') {
      return { problem: 'uses the "latest" tag, which changes without notice', fix: `Pin a version, e.g. "${rest}:1.2.3" or a digest; or set allowLatestTag: true.` };
    }
  }
  return undefined;
}
