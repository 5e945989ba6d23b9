import { PassThrough, Readable } from 'node:stream';
import type { CommandIo } from '../../src/cli/command';

/** A command environment whose output is collected and whose stdin holds the given text. */
export function captureIo(cwd: string, stdinText = ''): { io: CommandIo; stdout: () => string; stderr: () => string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const io: CommandIo = { stdout, stderr, stdin: Readable.from([Buffer.from(stdinText)]), cwd, env: {}, interactive: false };
  return { io, stdout: () => Buffer.concat(out).toString('utf8'), stderr: () => Buffer.concat(err).toString('utf8') };
}
