/** An Ingress: friendly host names and paths, with TLS, in front of Services. */
import { Construct } from 'constructs';
import { EXTERNAL_REFERENCES_ANNOTATION, externalReferences } from '../../validate/annotations';
import { NameRule } from '../private/names';
import { Resource, ResourceProps } from '../app/resource';
import { ISecret, SecretType } from '../config/secret';
import { Service } from './service';

/** How a path is matched. */
export enum PathType {
  /** The path and everything below it, by path segment. */
  PREFIX = 'Prefix',
  /** Exactly the path. */
  EXACT = 'Exact',
  /** As the ingress controller decides. */
  IMPLEMENTATION_SPECIFIC = 'ImplementationSpecific',
}

/** One host and path routed to a Service port. */
export interface IngressRule {
  /**
   * The host name, e.g. `shop.example.com` or `*.example.com`.
   * @default - every host
   */
  readonly host?: string;
  /**
   * The path.
   * @default '/'
   */
  readonly path?: string;
  /**
   * How the path matches.
   * @default PathType.PREFIX
   */
  readonly pathType?: PathType;
  /** The Service that receives the traffic. */
  readonly service: Service;
  /**
   * The Service port; it must be one the Service has.
   * @default - the Service's only port (an error if it has several)
   */
  readonly port?: number;
}

/** TLS for some hosts, from a TLS Secret. */
export interface IngressTls {
  /** The hosts the certificate covers. */
  readonly hosts: readonly string[];
  /** A `kubernetes.io/tls` Secret, written by the app or existing in the cluster. */
  readonly secret: ISecret;
}

/** Where an Ingress sends requests that no rule matches. */
export interface IngressBackend {
  /** The Service that receives them. */
  readonly service: Service;
  /**
   * The Service port; it must be one the Service has.
   * @default - the Service's only port (an error if it has several)
   */
  readonly port?: number;
}

/** Props of an Ingress. */
export interface IngressProps extends ResourceProps {
  /**
   * The IngressClass, i.e. which controller serves it.
   * @default - the cluster's default IngressClass
   */
  readonly className?: string;
  /**
   * Routing rules; add more with `addRule()`.
   * @default - none
   */
  readonly rules?: readonly IngressRule[];
  /**
   * TLS settings; add more with `addTls()`.
   * @default - plain HTTP
   */
  readonly tls?: readonly IngressTls[];
  /**
   * Where requests go that match no rule (an Ingress may have only this).
   * @default - the ingress controller's own default (usually a 404 page)
   */
  readonly defaultBackend?: IngressBackend;
}

const HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** An Ingress (networking.k8s.io/v1). */
export class Ingress extends Resource {
  readonly #className: string | undefined;
  readonly #rules: Array<Required<Omit<IngressRule, 'host'>> & { host?: string }> = [];
  readonly #tls: IngressTls[] = [];
  readonly #defaultBackend: { service: Service; port: number } | undefined;

  constructor(scope: Construct, id: string, props: IngressProps = {}) {
    super(scope, id, { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', nameRule: NameRule.DNS_SUBDOMAIN, bodyKeys: ['spec'] }, props);
    this.#className = props.className;
    for (const rule of props.rules ?? []) this.addRule(rule);
    for (const tls of props.tls ?? []) this.addTls(tls);
    this.#defaultBackend =
      props.defaultBackend === undefined ? undefined : { service: props.defaultBackend.service, port: this.#servicePort('defaultBackend.port', props.defaultBackend.service, props.defaultBackend.port) };
    this.node.addValidation({
      validate: () =>
        this.#rules.length === 0 && this.#defaultBackend === undefined
          ? [`Ingress '${this.node.path}': rules: none were added. Pass rules or a defaultBackend in the props, or call addRule().`]
          : [],
    });
  }

  /** Routes a host and path to a Service port, checking that the Service has that port. */
  addRule(rule: IngressRule): void {
    const field = `rules[${this.#rules.length}]`;
    if (rule.host !== undefined) this.#checkHost(`${field}.host`, rule.host);
    const path = rule.path ?? '/';
    if (!path.startsWith('/')) this.fail(`${field}.path`, path, 'must start with "/"', `Use "/${path}".`);
    const port = this.#servicePort(`${field}.port`, rule.service, rule.port);
    const duplicate = this.#rules.some((known) => known.host === rule.host && known.path === path);
    if (duplicate) this.fail(`${field}.path`, path, `is already routed for host ${rule.host ?? '(any)'}`, 'Route each host and path once.');
    this.#rules.push({ host: rule.host, path, pathType: rule.pathType ?? PathType.PREFIX, service: rule.service, port });
  }

  /** Serves some hosts over TLS with the certificate of a TLS Secret. */
  addTls(tls: IngressTls): void {
    const field = `tls[${this.#tls.length}]`;
    if (tls.hosts.length === 0) this.fail(`${field}.hosts`, [], 'must list at least one host', 'List the hosts the certificate covers.');
    tls.hosts.forEach((host, index) => this.#checkHost(`${field}.hosts[${index}]`, host));
    if (tls.secret.type !== undefined && tls.secret.type !== SecretType.TLS) {
      this.fail(`${field}.secret`, tls.secret.name, `is a Secret of type ${tls.secret.type}, not kubernetes.io/tls`, 'Use a Secret of type SecretType.TLS with tls.crt and tls.key.');
    }
    this.#tls.push(tls);
  }

  protected renderBody(): Record<string, unknown> {
    const external = this.#tls.filter((tls) => tls.secret.external).map((tls) => ({ kind: 'Secret', name: tls.secret.name }));
    if (external.length > 0) this.apiObject.metadata.addAnnotation(EXTERNAL_REFERENCES_ANNOTATION, externalReferences(...external));
    const hosts = [...new Set(this.#rules.map((rule) => rule.host))];
    return {
      spec: {
        ingressClassName: this.#className,
        defaultBackend: this.#defaultBackend === undefined ? undefined : { service: { name: this.#defaultBackend.service.name, port: { number: this.#defaultBackend.port } } },
        tls: this.#tls.length > 0 ? this.#tls.map((tls) => ({ hosts: [...tls.hosts], secretName: tls.secret.name })) : undefined,
        rules: hosts.length === 0 ? undefined : hosts.map((host) => ({
          host,
          http: {
            paths: this.#rules
              .filter((rule) => rule.host === host)
              .map((rule) => ({ path: rule.path, pathType: rule.pathType, backend: { service: { name: rule.service.name, port: { number: rule.port } } } })),
          },
        })),
      },
    };
  }

  /** The Service port a backend uses: the one given, which the Service must have, or its only one. */
  #servicePort(field: string, service: Service, port: number | undefined): number {
    const servicePorts = service.ports.map((known) => known.port);
    if (port === undefined) {
      const [only] = servicePorts;
      if (only === undefined || servicePorts.length !== 1) {
        this.fail(field, undefined, `must be given because Service '${service.name}' has ${servicePorts.length} ports`, servicePorts.length > 0 ? `Pick one of ${JSON.stringify(servicePorts)}.` : `Add a port to ${service.node.path}.`);
      }
      return only;
    }
    if (!servicePorts.includes(port)) {
      this.fail(field, port, `is not a port of Service '${service.name}'`, servicePorts.length > 0 ? `Use one of ${JSON.stringify(servicePorts)}.` : `Add a port to ${service.node.path}.`);
    }
    return port;
  }

  #checkHost(field: string, host: string): void {
    if (host.length > 253 || !HOST.test(host)) {
      this.fail(field, host, 'is not a valid host name (lower-case DNS name, optionally starting with "*.")', 'Use e.g. "shop.example.com"; no scheme, port or path.');
    }
  }

}
