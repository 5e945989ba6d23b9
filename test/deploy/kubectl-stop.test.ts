/**
 * Stopping kubectl (what `shipshape apply` does on SIGINT/SIGTERM before it releases its lock): the runs in
 * flight end and are waited for, new runs are refused, and a clone (the lock's own kubectl) still runs.
 * A stand-in executable that ignores its arguments and sleeps plays a kubectl waiting on a slow server.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kubectl } from '../../src/deploy/kubectl';
import { tempDir } from '../helpers/cli';

describe('Kubectl.stop', () => {
  const binary = join(tempDir('shipshape-kubectl-stop-'), 'slow-kubectl');
  writeFileSync(binary, '#!/bin/sh\nif [ "$2" = quick ]; then echo done; exit 0; fi\nexec sleep 30\n');
  chmodSync(binary, 0o755);

  test('ends the kubectl runs in flight, waits for them, and refuses new runs; a clone still runs', async () => {
    const kubectl = new Kubectl({ binary, env: process.env });
    const started = Date.now();
    const running = kubectl.run(['get']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await kubectl.stop();
    const result = await running;
    expect(result.code).not.toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(kubectl.run(['apply'])).rejects.toThrow(/'kubectl apply' was not started: the command is stopping/);
    expect((await kubectl.clone().run(['quick'])).stdout).toBe('done\n');
  });
});
