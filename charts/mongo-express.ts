/** The mongo-express web UI: a Deployment behind a Service and an Ingress, configured by a ConfigMap. */
import { Construct } from 'constructs';
import { ConfigMap, ContainerResources, Deployment, EnvValue, Ingress, ISecret, NetworkPeer, NetworkPolicy, Service } from '../src';

/** Props of the web UI. */
export interface MongoExpressProps {
  /** The database's Service (its pods are reached through it). */
  readonly databaseService: Service;
  /** The database port. */
  readonly databasePort: number;
  /** The database root credentials (`username`, `password`). */
  readonly databaseCredentials: ISecret;
  /** The UI's own login (`username`, `password`). */
  readonly loginCredentials: ISecret;
  /** Replicas, or a range to autoscale within. */
  readonly replicas: number | { readonly min: number; readonly max: number };
  /** Resources of the container. */
  readonly resources: ContainerResources;
  /** The public host name. */
  readonly host: string;
  /** An existing TLS Secret for the host, if served over HTTPS. */
  readonly tlsSecret?: ISecret;
}

/** The port mongo-express listens on. */
const UI_PORT = 8081;

/** Where the ingress controller of the `nginx` IngressClass runs (the ingress-nginx project's default). */
const INGRESS_CONTROLLER_NAMESPACE = 'ingress-nginx';

/** mongo-express with its configuration, Service and Ingress. */
export class MongoExpress extends Construct {
  /** The Deployment. */
  readonly deployment: Deployment;
  /** The Service in front of it. */
  readonly service: Service;
  /** The Ingress that publishes it. */
  readonly ingress: Ingress;
  /** Lets the ingress controller, and only it, reach the UI. */
  readonly networkPolicy: NetworkPolicy;

  constructor(scope: Construct, id: string, props: MongoExpressProps) {
    super(scope, id);
    const config = new ConfigMap(this, 'Config', {
      data: {
        database_host: props.databaseService.name,
        database_url: `mongodb://${props.databaseService.name}:${props.databasePort}/`,
      },
    });
    const scaling = typeof props.replicas === 'number' ? { replicas: props.replicas } : { autoscaling: { minReplicas: props.replicas.min, maxReplicas: props.replicas.max } };
    this.deployment = new Deployment(this, 'Default', {
      ...scaling,
      skipChecks: {
        'policy/run-as-non-root': 'the official mongo-express image sets no numeric non-root USER to pin',
        'policy/read-only-root-filesystem': 'the Node.js app writes session and temp files inside the image',
      },
      containers: [
        {
          name: 'mongo-express',
          image: 'mongo-express:1.0.2',
          ports: [{ number: UI_PORT, name: 'http' }],
          env: {
            DATABASE_HOST: EnvValue.fromConfigMap(config, 'database_host'),
            ME_CONFIG_MONGODB_ADMINUSERNAME: EnvValue.fromSecret(props.databaseCredentials, 'username'),
            ME_CONFIG_MONGODB_ADMINPASSWORD: EnvValue.fromSecret(props.databaseCredentials, 'password'),
            // Kubernetes expands $(VAR) from the variables above, so the URL never holds a literal password.
            ME_CONFIG_MONGODB_URL: EnvValue.fromValue(
              `mongodb://$(ME_CONFIG_MONGODB_ADMINUSERNAME):$(ME_CONFIG_MONGODB_ADMINPASSWORD)@$(DATABASE_HOST):${props.databasePort}/`,
            ),
            ME_CONFIG_BASICAUTH_USERNAME: EnvValue.fromSecret(props.loginCredentials, 'username'),
            ME_CONFIG_BASICAUTH_PASSWORD: EnvValue.fromSecret(props.loginCredentials, 'password'),
          },
          resources: props.resources,
        },
      ],
    });
    this.service = new Service(this, 'Service', { name: 'mongo-express', selects: this.deployment, ports: [{ port: 80, targetPort: 'http' }] });
    this.ingress = new Ingress(this, 'Ingress', {
      className: 'nginx',
      rules: [{ host: props.host, service: this.service, port: 80 }],
      tls: props.tlsSecret ? [{ hosts: [props.host], secret: props.tlsSecret }] : [],
    });
    this.networkPolicy = new NetworkPolicy(this, 'FromIngress', { selects: this.deployment }).allowFrom(NetworkPeer.namespace(INGRESS_CONTROLLER_NAMESPACE), 'http');
  }
}
