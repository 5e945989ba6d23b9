/**
 * Where a Secret's value comes from at synthesis: an environment variable or a file, never a literal in
 * source. A development value can stand in, but only in environments that allow it.
 */
import { readFileSync } from 'node:fs';

/** Options shared by every secret value source. */
export interface SecretValueOptions {
  /**
   * A clearly fake value used when the real one is missing, only in environments that allow development
   * Secrets (by default only `dev`). The Secret is then annotated as holding development values.
   * @default - none: a missing value is an error
   */
  readonly developmentValue?: string;
}

/** The outcome of looking a secret value up. */
export type ResolvedSecretValue =
  | { readonly found: true; readonly value: Uint8Array; readonly development: boolean }
  | { readonly found: false; readonly reason: string; readonly fix: string };

/** A secret value read at synthesis time. */
export class SecretValue {
  /** Reads the value from an environment variable. */
  static fromEnv(variable: string, options: SecretValueOptions = {}): SecretValue {
    return new SecretValue(`environment variable ${variable}`, options, (env) => {
      const value = env[variable];
      return value === undefined || value === '' ? undefined : Buffer.from(value, 'utf8');
    });
  }

  /** Reads the value from a file (its bytes, unchanged). */
  static fromFile(path: string, options: SecretValueOptions = {}): SecretValue {
    return new SecretValue(`file ${path}`, options, () => {
      try {
        return readFileSync(path);
      } catch {
        return undefined;
      }
    });
  }

  private constructor(
    /** Where the value comes from, for messages: `environment variable DB_PASSWORD` (never the value). */
    readonly source: string,
    private readonly options: SecretValueOptions,
    private readonly read: (env: Readonly<Record<string, string | undefined>>) => Uint8Array | undefined,
  ) {}

  /** Looks the value up; `allowDevelopment` decides whether the development value may stand in. */
  resolve(allowDevelopment: boolean, env: Readonly<Record<string, string | undefined>> = process.env): ResolvedSecretValue {
    const value = this.read(env);
    if (value !== undefined) return { found: true, value, development: false };
    const { developmentValue } = this.options;
    if (allowDevelopment && developmentValue !== undefined) {
      return { found: true, value: Buffer.from(developmentValue, 'utf8'), development: true };
    }
    const fix =
      developmentValue !== undefined
        ? `Set ${this.source} (the development value is only used in environments that allow it), or reference an existing Secret with Secret.fromSecretName().`
        : `Set ${this.source}, or reference an existing Secret with Secret.fromSecretName().`;
    return { found: false, reason: `${this.source} is not set`, fix };
  }
}
