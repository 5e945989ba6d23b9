/**
 * Runs the shipshape command line and kubectl from the cluster suite, capturing their output.
 */
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { REPO, runMain } from '../helpers/cli';

/** What a run printed and its exit code. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `shipshape <args>` in this process, against the given kubeconfig. */
export function shipshape(args: readonly string[], kubeconfig: string, cwd: string): Promise<RunResult> {
  return runMain(args, { cwd, env: { ...process.env, KUBECONFIG: kubeconfig } });
}

/** The output without blank lines and the warnings kubectl and the server add (deprecations, Pod Security). */
export function withoutWarnings(text: string): string {
  return text.split('\n').filter((line) => line.trim() !== '' && !/^(warning|Warning):/.test(line.trim())).join('\n');
}

/** Runs kubectl against the given kubeconfig (synchronously: the suite runs one step at a time). */
export function kubectl(args: readonly string[], kubeconfig: string, input?: string): RunResult {
  const result = spawnSync('kubectl', [`--kubeconfig=${kubeconfig}`, ...args], {
    input,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, KUBECTL_APPLYSET: 'true' },
  });
  return { code: result.status ?? 2, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/**
 * Installs the CRDs the reference app's custom resources need (cert-manager's Certificate), as a platform team
 * would before the app is applied, and waits until the server serves them; throws with kubectl's words if not.
 */
export function installReferenceCrds(kubeconfig: string): void {
  const crd = join(REPO, 'charts', 'crds', 'cert-manager.io_certificates.yaml');
  for (const args of [['apply', '--server-side', `--filename=${crd}`], ['wait', '--for=condition=Established', '--timeout=60s', `--filename=${crd}`]]) {
    const result = kubectl(args, kubeconfig);
    if (result.code !== 0) throw new Error(`kubectl ${args[0]} of ${crd} failed: ${result.stderr}`);
  }
}
