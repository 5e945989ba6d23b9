/**
 * The environments of the reference app. One row per environment: adding one (say `qa`) is one more entry.
 */
import { Cpu, ContainerResources, Size } from '../src';
import { BackupSettings } from './mongo-backup';

/** Where the database credentials come from in an environment. */
export enum CredentialSource {
  /** Written by synthesis from environment variables (with development stand-ins where allowed). */
  SYNTHESIZED = 'synthesized',
  /** Existing Secrets in the cluster, created by the platform team or a secrets operator. */
  EXISTING = 'existing',
}

/** What differs between environments. */
export interface EnvironmentSettings {
  /** The environment id: folder under dist/ and namespace suffix. */
  readonly name: string;
  /** Replicas of the web UI; a number, or a range to autoscale within. */
  readonly webReplicas: number | { readonly min: number; readonly max: number };
  /** Storage per database replica. */
  readonly databaseStorage: Size;
  /** Resources of the database container. */
  readonly databaseResources: ContainerResources;
  /** Resources of the web UI container. */
  readonly webResources: ContainerResources;
  /** The public host name of the web UI. */
  readonly host: string;
  /** HTTPS for the host: the TLS Secret a cert-manager Certificate keeps issued by a ClusterIssuer; none for HTTP only. */
  readonly tls?: { readonly secretName: string; readonly clusterIssuer: string };
  /** Where credentials come from. */
  readonly credentials: CredentialSource;
  /** The nightly database backup. */
  readonly backup: BackupSettings;
}

/** dev, staging and prod. */
export const ENVIRONMENTS: readonly EnvironmentSettings[] = [
  {
    name: 'dev',
    webReplicas: 1,
    databaseStorage: Size.gibibytes(1),
    databaseResources: { requests: { cpu: Cpu.millis(100), memory: Size.mebibytes(256) }, limits: { cpu: Cpu.millis(500), memory: Size.mebibytes(512) } },
    webResources: { requests: { cpu: Cpu.millis(50), memory: Size.mebibytes(64) }, limits: { cpu: Cpu.millis(250), memory: Size.mebibytes(128) } },
    host: 'mongo-express.dev.example.com',
    credentials: CredentialSource.SYNTHESIZED,
    backup: { schedule: '0 2 * * *', retention: 3, storage: Size.gibibytes(2) },
  },
  {
    name: 'staging',
    webReplicas: 2,
    databaseStorage: Size.gibibytes(10),
    databaseResources: { requests: { cpu: Cpu.millis(250), memory: Size.gibibytes(1) }, limits: { cpu: Cpu.units(1), memory: Size.gibibytes(2) } },
    webResources: { requests: { cpu: Cpu.millis(100), memory: Size.mebibytes(128) }, limits: { cpu: Cpu.millis(500), memory: Size.mebibytes(256) } },
    host: 'mongo-express.staging.example.com',
    tls: { secretName: 'mongo-express-tls', clusterIssuer: 'letsencrypt-staging' },
    credentials: CredentialSource.EXISTING,
    backup: { schedule: '0 2 * * *', retention: 7, storage: Size.gibibytes(20) },
  },
  {
    name: 'prod',
    webReplicas: { min: 3, max: 6 },
    databaseStorage: Size.gibibytes(50),
    databaseResources: { requests: { cpu: Cpu.units(1), memory: Size.gibibytes(4) }, limits: { cpu: Cpu.units(2), memory: Size.gibibytes(4) } },
    webResources: { requests: { cpu: Cpu.millis(200), memory: Size.mebibytes(256) }, limits: { cpu: Cpu.units(1), memory: Size.mebibytes(512) } },
    host: 'mongo-express.example.com',
    tls: { secretName: 'mongo-express-tls', clusterIssuer: 'letsencrypt' },
    credentials: CredentialSource.EXISTING,
    backup: { schedule: '0 2 * * *', retention: 14, storage: Size.gibibytes(200) },
  },
];
