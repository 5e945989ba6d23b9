/**
 * Problems that rendering can work around, so that one run reports all of them: a construct that meets
 * one (a Secret value that is not set) reports it here and renders a stand-in. Outside a collecting
 * synthesis the problem is thrown, as before; inside one it is kept, and synthesis fails with every
 * problem of the run, having written nothing. Plain shared code: every layer may use it.
 */

/** The messages collected by the innermost `collectRenderProblems` under way, or none. */
let sink: Set<string> | undefined;

/**
 * Reports a problem that does not stop rendering: thrown when no synthesis collects problems, kept
 * (once per distinct message) when one does. The caller renders a stand-in that is never written.
 */
export function reportRenderProblem(error: Error): void {
  if (sink === undefined) throw error;
  sink.add(error.message);
}

/** Runs `render` with problems collected instead of thrown, and returns its result with the distinct messages. */
export function collectRenderProblems<T>(render: () => T): { readonly result: T; readonly problems: readonly string[] } {
  const outer = sink;
  const problems = new Set<string>();
  sink = problems;
  try {
    return { result: render(), problems: [...problems] };
  } finally {
    sink = outer;
  }
}
