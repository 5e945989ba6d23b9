/**
 * Turns a plain exception thrown while an app is built (a bug in a chart, or a check of a construct library
 * such as cdk8s-plus that throws `Error`) into a message that says where: the first frame in the user's own
 * files, mapped back to the TypeScript line through the transpiler's source map, and the construct that was
 * being built when it was thrown.
 */
import { SourceMap } from 'node:module';
import { relative, sep } from 'node:path';
import type { IConstruct } from 'constructs';

/** One frame of a V8 stack trace. */
interface Frame {
  /** `new Foo`, `Foo.bar`, or undefined for anonymous top-level code. */
  readonly callee: string | undefined;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** What `describeAppError` needs to know about the run. */
export interface AppErrorContext {
  /** The folder paths are shown relative to. */
  readonly cwd: string;
  /** Folders whose frames are not the user's: shipshape itself. */
  readonly libraryFolders: readonly string[];
  /** The transpiled code of a TypeScript file loaded in this process (it carries an inline source map). */
  readonly transpiledCode: (file: string) => string | undefined;
  /** The constructs created while the app was built, oldest first. */
  readonly constructs: readonly IConstruct[];
}

/** A message naming the user's file and line, and the construct being built, for an exception thrown by an app. */
export function describeAppError(error: Error, context: AppErrorContext): string {
  const frames = parseStack(error.stack ?? '').map((frame) => mapFrame(frame, context));
  const own = frames.find((frame) => isUserFile(frame.file, context.libraryFolders));
  const construct = constructBeingBuilt(frames, context.constructs);
  const lines = [`the app threw ${error.name}: ${error.message}`];
  if (own !== undefined) lines.push(`  file:      ${relative(context.cwd, own.file) || own.file}:${own.line}:${own.column}`);
  if (construct !== undefined) {
    const how = construct.certain ? 'being built' : 'the last construct created before the error';
    lines.push(`  construct: ${construct.construct.constructor.name} '${construct.construct.node.path}' (${how})`);
  }
  const fix =
    own === undefined
      ? 'Run with NODE_OPTIONS=--stack-trace-limit=50 and read the stack (node --enable-source-maps) to find the call.'
      : 'Fix the code at that line, or the props it passes to the construct.';
  lines.push(`  fix:       ${fix}`);
  return lines.join('\n');
}

const FRAME = /^\s*at (?:(.+?) \()?(?:file:\/\/)?(\/[^()]+?|[A-Za-z]:\\[^()]+?):(\d+):(\d+)\)?$/;

function parseStack(stack: string): Frame[] {
  const frames: Frame[] = [];
  for (const text of stack.split('\n')) {
    const match = FRAME.exec(text);
    if (match === null) continue;
    frames.push({ callee: match[1], file: match[2] ?? '', line: Number(match[3]), column: Number(match[4]) });
  }
  return frames;
}

const sourceMaps = new Map<string, SourceMap | null>();

/** The TypeScript position of a frame in a transpiled file (esbuild writes an inline source map). */
function mapFrame(frame: Frame, context: AppErrorContext): Frame {
  let map = sourceMaps.get(frame.file);
  if (map === undefined) {
    map = null;
    const code = context.transpiledCode(frame.file);
    const inline = code === undefined ? null : /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(code);
    if (inline !== null && inline[1] !== undefined) {
      try {
        map = new SourceMap(JSON.parse(Buffer.from(inline[1], 'base64').toString('utf8')) as ConstructorParameters<typeof SourceMap>[0]);
      } catch {
        map = null;
      }
    }
    sourceMaps.set(frame.file, map);
  }
  if (map === null) return frame;
  // V8 counts lines and columns from 1, source maps from 0; module code is wrapped without extra lines.
  const entry = map.findEntry(frame.line - 1, frame.column - 1) as { originalLine?: number; originalColumn?: number };
  if (entry.originalLine === undefined || entry.originalColumn === undefined) return frame;
  return { ...frame, line: entry.originalLine + 1, column: entry.originalColumn + 1 };
}

function isUserFile(file: string, libraryFolders: readonly string[]): boolean {
  if (file.includes(`${sep}node_modules${sep}`)) return false;
  return !libraryFolders.some((folder) => file.startsWith(folder + sep));
}

/**
 * The innermost constructor on the stack that belongs to a construct: frames read `new MongoAppChart`, and
 * the newest construct of that class is the one whose constructor was running.
 */
function constructBeingBuilt(frames: readonly Frame[], constructs: readonly IConstruct[]): { construct: IConstruct; certain: boolean } | undefined {
  for (const frame of frames) {
    const name = /^new (\w+)$/.exec(frame.callee ?? '')?.[1];
    if (name === undefined) continue;
    for (let index = constructs.length - 1; index >= 0; index--) {
      const construct = constructs[index];
      if (construct !== undefined && construct.constructor.name === name) return { construct, certain: true };
    }
  }
  const last = constructs[constructs.length - 1];
  return last === undefined ? undefined : { construct: last, certain: false };
}
