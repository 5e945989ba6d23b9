/** Setting environment variables for one test and restoring them exactly afterwards, even when it fails. */

/** Runs `action` with `variables` set (undefined unsets one), then restores the previous values. */
export function withEnv<T>(variables: Readonly<Record<string, string | undefined>>, action: () => T): T {
  const previous = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(variables)) {
    previous.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  try {
    return action();
  } finally {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
