/**
 * Prints rollout progress and results for `apply --wait` and `status`: on a terminal, one line per
 * object redrawn in place; elsewhere (CI logs), a line each time an object is newly ready.
 */
import { Manifest } from '../../manifest/kube-object';
import { Kubectl } from '../../deploy/kubectl';
import { Assessment, formatAssessment, formatRolloutFailure, rolloutTargets, waitForRollout } from '../../deploy/wait';
import { CommandIo, UsageError } from '../command';

/** How long `apply --wait` waits when no duration is given (Helm's default too). */
export const DEFAULT_WAIT_MS = 5 * 60_000;

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses a Go-style duration (`90s`, `5m`, `1h30m`, `500ms`) into milliseconds. */
export function parseDuration(flag: string, text: string): number {
  const parts = /^(?:\d+(?:ms|h|m|s))+$/.test(text) ? text.match(/\d+(?:ms|h|m|s)/g) ?? [] : [];
  const ms = parts.reduce((sum, part) => {
    const [, value, unit] = /^(\d+)(ms|h|m|s)$/.exec(part) ?? [];
    return sum + Number(value) * (UNITS[unit ?? ''] ?? 0);
  }, 0);
  if (parts.length === 0 || ms <= 0) {
    throw new UsageError(`${flag} needs a positive duration such as 90s, 5m or 1h30m, got '${text}'`);
  }
  return ms;
}

/** Waits for the rollout of manifests, printing progress; resolves to whether everything is ready. */
export async function waitAndReport(kubectl: Kubectl, manifests: readonly Manifest[], timeoutMs: number, io: CommandIo): Promise<boolean> {
  const targets = rolloutTargets(manifests);
  if (targets.length === 0) {
    io.stdout.write('Nothing to wait for: no workloads, claims or Services.\n');
    return true;
  }
  io.stdout.write(`Waiting up to ${Math.round(timeoutMs / 1000)}s for ${targets.length} objects to roll out...\n`);
  const view = new ProgressView(io);
  let report;
  try {
    report = await waitForRollout(kubectl, targets, { timeoutMs, onProgress: (assessments) => view.update(assessments) });
  } finally {
    view.clear();
  }
  if (report.ok) {
    io.stdout.write(`Rolled out in ${Math.round(report.elapsedMs / 1000)}s: ${targets.length} objects ready.\n`);
    return true;
  }
  io.stderr.write(formatRolloutFailure(report, timeoutMs));
  return false;
}

/** The lines `status` prints: every object and, under those not ready, why. */
export function formatStatus(assessments: readonly Assessment[]): string {
  const lines: string[] = [];
  for (const assessment of assessments) {
    lines.push(formatAssessment(assessment));
    for (const detail of assessment.details) lines.push(`      ${detail}`);
  }
  return `${lines.join('\n')}\n`;
}

class ProgressView {
  readonly #io: CommandIo;
  readonly #printed = new Map<string, string>();
  #drawnLines = 0;

  constructor(io: CommandIo) {
    this.#io = io;
  }

  update(assessments: readonly Assessment[]): void {
    if (this.#io.interactive) {
      this.clear();
      const lines = assessments.map((assessment) => formatAssessment(assessment).slice(0, 160));
      this.#io.stderr.write(`${lines.join('\n')}\n`);
      this.#drawnLines = lines.length;
      return;
    }
    for (const assessment of assessments) {
      // A line when an object becomes ready, and again if it changes while ready (a Deployment
      // that its autoscaler scales from 1 to 3 after it was first ready).
      const line = formatAssessment(assessment);
      if (assessment.state !== 'ready' || this.#printed.get(assessment.object) === line) continue;
      this.#printed.set(assessment.object, line);
      this.#io.stdout.write(`${line}\n`);
    }
  }

  /** Erases the lines drawn on the terminal. */
  clear(): void {
    if (this.#drawnLines > 0) this.#io.stderr.write(`\u001b[${this.#drawnLines}A\u001b[J`);
    this.#drawnLines = 0;
  }
}
