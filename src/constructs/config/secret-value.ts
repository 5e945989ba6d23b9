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

/** A value that is there but unusable (never replaced by the development value). */
interface InvalidValue {
  readonly invalid: string;
  readonly fix: string;
}

type ReadResult = Uint8Array | InvalidValue | undefined;

/** Strict base64 (the standard alphabet, padded): what `fromEnvBase64` accepts. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A secret value read at synthesis time. */
export class SecretValue {
  /**
   * Reads the value from an environment variable, as UTF-8 text. Bytes that are not valid UTF-8 are an
   * error, never silently replaced: Node.js turns them into U+FFFD when it reads the environment, so a
   * value holding U+FFFD is refused. Binary values go through `fromFile` or `fromEnvBase64`.
   */
  static fromEnv(variable: string, options: SecretValueOptions = {}): SecretValue {
    const source = `environment variable ${variable}`;
    return new SecretValue(source, options, (env) => {
      const value = env[variable];
      if (value === undefined || value === '') return undefined;
      if (value.includes('\uFFFD') || /[\uD800-\uDFFF]/.test(value.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) {
        return {
          invalid: `${source} is not valid UTF-8 text (it holds U+FFFD, the character invalid bytes are replaced with, so its bytes cannot be known)`,
          fix: `Pass binary values base64-encoded with SecretValue.fromEnvBase64('${variable}'), or from a file with SecretValue.fromFile().`,
        };
      }
      return Buffer.from(value, 'utf8');
    });
  }

  /** Reads a binary value from an environment variable that holds it base64-encoded (standard alphabet, padded). */
  static fromEnvBase64(variable: string, options: SecretValueOptions = {}): SecretValue {
    const source = `environment variable ${variable}`;
    return new SecretValue(source, options, (env) => {
      const value = env[variable]?.trim();
      if (value === undefined || value === '') return undefined;
      if (!BASE64.test(value)) {
        return { invalid: `${source} is not valid base64`, fix: `Set ${variable} to the value encoded with base64 (e.g. \`base64 -w0 file\`).` };
      }
      return Buffer.from(value, 'base64');
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
    private readonly read: (env: Readonly<Record<string, string | undefined>>) => ReadResult,
  ) {}

  /** Looks the value up; `allowDevelopment` decides whether the development value may stand in. */
  resolve(allowDevelopment: boolean, env: Readonly<Record<string, string | undefined>> = process.env): ResolvedSecretValue {
    const value = this.read(env);
    if (value instanceof Uint8Array) return { found: true, value, development: false };
    // A value that is there but unusable is an error even where a development value could stand in.
    if (value !== undefined) return { found: false, reason: value.invalid, fix: value.fix };
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
