/** A ClusterRole: permissions across every namespace, on cluster-scoped resources, or on non-resource URLs. */
import { Construct } from 'constructs';
import { ClusterRoleBinding } from './cluster-role-binding';
import { ISubject } from './service-account';
import { RoleBase, RoleBaseProps } from './role-base';
import { IRole } from './role-reference';
import { isDns1123Label } from '../../manifest/name-rules';

/** HTTP verbs of non-resource URL rules. */
export enum NonResourceVerb {
  GET = 'get',
  HEAD = 'head',
  POST = 'post',
  PUT = 'put',
  PATCH = 'patch',
  DELETE = 'delete',
}

/** Props of a ClusterRole. */
export interface ClusterRoleProps extends RoleBaseProps {
  /**
   * Add this role's rules to built-in roles that aggregate them, e.g. `['view']` labels it
   * `rbac.authorization.k8s.io/aggregate-to-view: "true"`, so that everyone with `view` gets them.
   * @default - aggregated into nothing
   */
  readonly aggregateTo?: readonly string[];
}

/**
 * A ClusterRole (rbac.authorization.k8s.io/v1). Bound with a ClusterRoleBinding (`clusterRole.bind()`) it
 * applies in every namespace; bound with a RoleBinding (`new RoleBinding(chart, id, { role })`) only in that one.
 * A namespaced object granted by name (`allowRead(secret)`) means every object of that name wherever the role
 * applies: to reach exactly one object, use a Role in its namespace.
 */
export class ClusterRole extends RoleBase {
  /** A ClusterRole that exists in the cluster, e.g. the built-in `view`, `edit` or `admin`. */
  static fromName(name: string): IRole {
    return { kind: 'ClusterRole', name, namespace: undefined, path: `ClusterRole ${name} (existing)`, external: true };
  }

  readonly #nonResourceRules: Array<{ verbs: string[]; urls: string[] }> = [];
  #binding: ClusterRoleBinding | undefined;

  constructor(scope: Construct, id: string, props: ClusterRoleProps = {}) {
    const labels: Record<string, string> = {};
    for (const role of props.aggregateTo ?? []) labels[`rbac.authorization.k8s.io/aggregate-to-${role}`] = 'true';
    super(scope, id, 'ClusterRole', { ...props, labels: { ...labels, ...props.labels } });
    (props.aggregateTo ?? []).forEach((role, index) => {
      if (!isDns1123Label(role)) {
        this.fail(`aggregateTo[${index}]`, role, 'is not a role name usable in a label key', 'Use the name of an aggregating ClusterRole, e.g. "view", "edit" or "admin".');
      }
    });
    this.node.addValidation({
      validate: () =>
        this.hasAtoms || this.#nonResourceRules.length > 0
          ? []
          : [`ClusterRole '${this.node.path}': rules: nothing was granted. Call allow(), allowRead(), allowWrite() or allowNonResourceUrls(), or remove the ClusterRole.`],
    });
  }

  /** Grants HTTP verbs on URLs that are not API resources, such as `/metrics` or `/healthz` (`*` at the end matches a prefix). */
  allowNonResourceUrls(verbs: readonly NonResourceVerb[], ...urls: readonly string[]): this {
    const field = `allowNonResourceUrls(#${this.#nonResourceRules.length + 1})`;
    if (verbs.length === 0) this.fail(`${field}.verbs`, [], 'must list at least one verb', 'Name the HTTP verbs, e.g. [NonResourceVerb.GET].');
    if (urls.length === 0) this.fail(`${field}.urls`, [], 'must list at least one URL', 'Name the paths, e.g. "/metrics".');
    urls.forEach((url, index) => {
      if (!url.startsWith('/') || (url.includes('*') && !/^[^*]*\*$/.test(url))) {
        this.fail(`${field}.urls[${index}]`, url, 'must be a path starting with "/", with "*" only at its end', 'Write e.g. "/metrics" or "/healthz/*".');
      }
    });
    this.#nonResourceRules.push({ verbs: [...new Set<string>(verbs)].sort(), urls: [...new Set(urls)].sort() });
    return this;
  }

  /** Gives the role to subjects in every namespace through one ClusterRoleBinding named `<role>-binding`, created on first use. */
  bind(...subjects: readonly ISubject[]): ClusterRoleBinding {
    this.#binding ??= new ClusterRoleBinding(this, 'Binding', { role: this, name: `${this.name}-binding` });
    this.#binding.addSubject(...subjects);
    return this.#binding;
  }

  protected checkScope(): void {
    // A ClusterRole may grant both namespaced and cluster-scoped resources.
  }

  protected renderBody(): Record<string, unknown> {
    const nonResource = this.#nonResourceRules.map((rule) => ({ nonResourceURLs: rule.urls, verbs: rule.verbs }));
    return { rules: [...this.rules.map((rule) => ({ ...rule })), ...nonResource] };
  }
}
