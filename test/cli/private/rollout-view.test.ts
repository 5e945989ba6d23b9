import { formatStatus, parseDuration } from '../../../src/cli/private/rollout-view';
import { runMain } from '../../helpers/cli';

const run = (args: readonly string[]) => runMain(args);

describe('--wait durations', () => {
  test('Go-style durations are read in milliseconds', () => {
    expect(parseDuration('--wait', '90s')).toBe(90_000);
    expect(parseDuration('--wait', '5m')).toBe(300_000);
    expect(parseDuration('--wait', '1h30m')).toBe(5_400_000);
    expect(parseDuration('--wait', '1m500ms')).toBe(60_500);
  });

  test.each(['', '5', 'abc', '0s', '5 m', '-1m', '1d'])('fails with the flag, the value and an example for %p', (text) => {
    expect(() => parseDuration('--wait', text)).toThrow(new RegExp(`--wait needs a positive duration such as 90s, 5m or 1h30m, got '${text}'`));
  });
});

describe('apply --wait and status on the command line', () => {
  test('apply --wait with a bad duration is a usage error, before anything is synthesized or applied', async () => {
    const result = await run(['apply', '--wait=soon', '--dir', '/nonexistent']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain("--wait needs a positive duration such as 90s, 5m or 1h30m, got 'soon'");
  });

  test('of several --wait flags the last counts, wherever they stand among the other flags', async () => {
    const earlierBad = await run(['apply', '--wait=soon', '--dir', '/nonexistent', '--wait=5m', '--dry-run']);
    expect(earlierBad.code).toBe(2);
    expect(earlierBad.stderr).toContain('--wait cannot be combined with --dry-run');
    const laterBad = await run(['apply', '--wait', '--lock-timeout', '1m', '--dir', '/nonexistent', '--wait=later']);
    expect(laterBad.code).toBe(2);
    expect(laterBad.stderr).toContain("--wait needs a positive duration such as 90s, 5m or 1h30m, got 'later'");
  });

  test('apply --wait cannot be combined with --dry-run', async () => {
    const result = await run(['apply', '--wait', '--dry-run', '--dir', '/nonexistent']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--wait cannot be combined with --dry-run');
  });

  test('the help of apply documents --wait and status is a listed command', async () => {
    expect((await run(['apply', '--help'])).stdout).toContain('--wait[=DURATION]');
    expect((await run(['--help'])).stdout).toMatch(/ {2}status {2,}Show whether an environment has rolled out/);
    expect((await run(['status', '--help'])).stdout).toContain('Exit status: 0 everything ready, 1 something is not');
  });
});

describe('the status view', () => {
  test('lists every object, with the reasons under those not ready', () => {
    expect(formatStatus([
      { object: 'Deployment shop/web', state: 'ready', summary: '3/3 replicas available', details: [] },
      { object: 'Job shop/migrate', state: 'failed', summary: 'failed: BackoffLimitExceeded', details: ['pod migrate-x on node-a1: container migrate exited 1: Error'] },
    ])).toBe(
      '  ready   Deployment shop/web: 3/3 replicas available\n  FAILED  Job shop/migrate: failed: BackoffLimitExceeded\n      pod migrate-x on node-a1: container migrate exited 1: Error\n',
    );
  });
});
