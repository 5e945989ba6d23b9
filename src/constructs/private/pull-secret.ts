/** Image pull secrets: only docker-config Secrets can hold registry credentials. */
import { ValidationError } from '../../errors';
import { ISecret, SecretType } from '../config/secret';

/** The legacy type some clusters still hold (`~/.dockercfg`); the kubelet reads it like dockerconfigjson. */
const LEGACY_DOCKER_CONFIG = 'kubernetes.io/dockercfg';

/**
 * Checks that each Secret can be an image pull secret and renders `imagePullSecrets`. A Secret of unknown
 * type (an existing one declared without `type`) is accepted: validation checks it when it is in the output.
 */
export function renderPullSecrets(
  secrets: readonly ISecret[] | undefined,
  where: { readonly path: string; readonly construct: string; readonly field: string },
): Array<{ name: string }> | undefined {
  if (secrets === undefined || secrets.length === 0) return undefined;
  const names = new Set<string>();
  secrets.forEach((secret, index) => {
    const type = secret.type as string | undefined;
    if (type !== undefined && type !== (SecretType.DOCKER_CONFIG_JSON as string) && type !== LEGACY_DOCKER_CONFIG) {
      throw new ValidationError({
        ...where,
        field: `${where.field}[${index}]`,
        value: `${secret.name} (${type})`,
        problem: 'is not a docker-config Secret, so the kubelet cannot pull images with it',
        fix: `Use a Secret of type SecretType.DOCKER_CONFIG_JSON (kubernetes.io/dockerconfigjson) holding the registry credentials.`,
      });
    }
    if (names.has(secret.name)) {
      throw new ValidationError({ ...where, field: `${where.field}[${index}]`, value: secret.name, problem: 'is listed twice', fix: 'List each pull secret once.' });
    }
    names.add(secret.name);
  });
  return [...names].map((name) => ({ name }));
}
