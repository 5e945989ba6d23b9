/** The files `shipshape init` writes: a small app, its test, and the project around them. */

/** Versions and sources the new project pins. */
export interface TemplateOptions {
  /** The npm package name of the project. */
  readonly name: string;
  /** Where npm gets shipshape: a tarball path, a folder, a git URL or a version range. */
  readonly shipshapeSpec: string;
  /** Exact versions of the packages the project uses besides shipshape (those shipshape is built and tested with). */
  readonly versions: Readonly<Record<'cdk8s' | 'constructs' | 'typescript' | 'jest' | 'ts-jest' | '@types/jest' | '@types/node', string>>;
}

const MAIN_TS = `/**
 * The app: one web application in two environments. \`npm run synth\` writes dist/dev/ and dist/prod/;
 * \`npm test\` type-checks and runs test/, which synthesizes the same app in memory.
 */
import { Construct } from 'constructs';
import { App, AppChart, ConfigMap, Cpu, Deployment, Environment, Ingress, Secret, SecretType, Service, Size, Volume } from 'shipshape';

/** What differs between environments. */
export interface EnvironmentSettings {
  readonly name: string;
  readonly replicas: number;
  readonly host: string;
  /** An existing kubernetes.io/tls Secret for the host, created in the cluster by your certificate tooling. */
  readonly tlsSecretName?: string;
  readonly logLevel: string;
}

/** One entry per environment; adding one is one more entry. */
export const ENVIRONMENTS: readonly EnvironmentSettings[] = [
  { name: 'dev', replicas: 1, host: 'web.dev.example.com', logLevel: 'debug' },
  { name: 'prod', replicas: 3, host: 'web.example.com', tlsSecretName: 'web-tls', logLevel: 'info' },
];

/** The web application: configuration, a Deployment, a Service in front of it and an Ingress for its host. */
export class WebChart extends AppChart {
  constructor(scope: Construct, id: string, settings: EnvironmentSettings) {
    super(scope, id);
    const config = new ConfigMap(this, 'Config', { name: 'web-config', data: { LOG_LEVEL: settings.logLevel } });
    const web = new Deployment(this, 'Web', {
      name: 'web',
      replicas: settings.replicas,
      // The unprivileged nginx image runs as user 101 and listens on 8080.
      securityContext: { runAsNonRoot: true, runAsUser: 101, runAsGroup: 101 },
      containers: [
        {
          image: 'nginxinc/nginx-unprivileged:1.27.3',
          ports: [{ number: 8080, name: 'http' }],
          envFrom: [config],
          resources: { requests: { cpu: Cpu.millis(50), memory: Size.mebibytes(64) }, limits: { cpu: Cpu.millis(250), memory: Size.mebibytes(128) } },
          securityContext: { readOnlyRootFilesystem: true },
        },
      ],
    });
    // nginx writes its cache and pid file under /tmp: a scratch volume keeps the root filesystem read-only.
    web.containers[0]?.mount('/tmp', Volume.fromEmptyDir('tmp'));
    const service = new Service(this, 'Service', { name: 'web', selects: web, ports: [{ port: 80, targetPort: 'http' }] });
    new Ingress(this, 'Ingress', {
      name: 'web',
      rules: [{ host: settings.host, service, port: 80 }],
      tls: settings.tlsSecretName === undefined ? [] : [{ hosts: [settings.host], secret: Secret.fromSecretName(this, settings.tlsSecretName, { type: SecretType.TLS }) }],
    });
  }
}

/** Builds the app with every environment (\`shipshape synth\` calls it). */
export function buildApp(): App {
  const app = new App();
  for (const settings of ENVIRONMENTS) new WebChart(new Environment(app, settings.name), 'web', settings);
  return app;
}
`;

const TEST_TS = `import { synthesize } from 'shipshape';
import { buildApp } from '../charts/main';

/** The objects of one environment's file, by kind. */
function objectsOf(environment: string): Array<{ kind: string; metadata: { name?: string; namespace?: string }; spec?: any }> {
  const result = synthesize(buildApp());
  return result.manifests.filter((manifest) => manifest.file === \`dist/\${environment}/web.k8s.yaml\`).map((manifest) => manifest.object as any);
}

describe('the app', () => {
  test('synthesizes and validates every environment without errors', () => {
    const result = synthesize(buildApp());
    expect(result.report?.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    expect([...new Set(result.files.map((file) => file.path))].sort()).toEqual(['dev/web.k8s.yaml', 'prod/web.k8s.yaml']);
  });

  test('runs one replica in dev and three in prod', () => {
    expect(objectsOf('dev').find((object) => object.kind === 'Deployment')?.spec.replicas).toBe(1);
    expect(objectsOf('prod').find((object) => object.kind === 'Deployment')?.spec.replicas).toBe(3);
  });

  test('serves prod over TLS only', () => {
    expect(objectsOf('dev').find((object) => object.kind === 'Ingress')?.spec.tls).toBeUndefined();
    expect(objectsOf('prod').find((object) => object.kind === 'Ingress')?.spec.tls).toEqual([{ hosts: ['web.example.com'], secretName: 'web-tls' }]);
  });
});
`;

const GITIGNORE = `node_modules/
cdk8s.out/
*.tgz
# Synthesized Secrets hold real credentials: never commit them.
dist/**/*.secrets.k8s.yaml
`;

const JEST_CONFIG = `/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Type-checking is tsc's job (npm test runs it first); jest only transpiles.
  transform: { '^.+\\\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true } }] },
};
`;

const README = (name: string): string => `# ${name}

Kubernetes manifests for a web application, written with shipshape constructs.

\`\`\`sh
npm install      # once
npm run synth    # charts/main.ts -> dist/<environment>/web.k8s.yaml, validated
npm test         # type-check, then the tests in test/
\`\`\`

Commit \`dist/\` (reviewed in pull requests); \`dist/**/*.secrets.k8s.yaml\` files are git-ignored.
Apply with \`kubectl apply --server-side -f dist/dev/\` or \`npx shipshape apply\`.
`;

/** Every file of a new project, by path relative to its folder. */
export function projectFiles(options: TemplateOptions): ReadonlyMap<string, string> {
  const { versions } = options;
  const packageJson = {
    name: options.name,
    version: '0.1.0',
    private: true,
    scripts: { synth: 'shipshape synth --app charts/main.ts', test: 'tsc --noEmit && jest' },
    dependencies: { cdk8s: versions.cdk8s, constructs: versions.constructs, shipshape: options.shipshapeSpec },
    devDependencies: {
      '@types/jest': versions['@types/jest'],
      '@types/node': versions['@types/node'],
      jest: versions.jest,
      'ts-jest': versions['ts-jest'],
      typescript: versions.typescript,
    },
  };
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'commonjs',
      lib: ['ES2022'],
      strict: true,
      noImplicitReturns: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      noFallthroughCasesInSwitch: true,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node', 'jest'],
    },
    include: ['charts/**/*.ts', 'test/**/*.ts'],
  };
  return new Map([
    ['package.json', `${JSON.stringify(packageJson, null, 2)}\n`],
    ['tsconfig.json', `${JSON.stringify(tsconfig, null, 2)}\n`],
    [
      'cdk8s.yaml',
      '# `cdk8s synth` runs shipshape, which honours CDK8S_OUTDIR.\nlanguage: typescript\napp: npx shipshape synth --app charts/main.ts\noutput: dist\n',
    ],
    ['jest.config.js', JEST_CONFIG],
    ['.gitignore', GITIGNORE],
    ['README.md', README(options.name)],
    ['charts/main.ts', MAIN_TS],
    ['test/main.test.ts', TEST_TS],
  ]);
}
