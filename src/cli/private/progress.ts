/** A one-line progress indicator for long syntheses, drawn only on an interactive terminal. */

/** Reports progress to a stream after a delay, and clears its line when done. */
export class ProgressLine {
  readonly #stream: NodeJS.WritableStream;
  readonly #enabled: boolean;
  readonly #started = Date.now();
  #drawn = false;

  constructor(stream: NodeJS.WritableStream, enabled: boolean, private readonly delayMs = 1000) {
    this.#stream = stream;
    this.#enabled = enabled;
  }

  /** Shows `phase done/total unit` (or `phase total unit` when `done` is 0) once the run has taken longer than the delay. */
  update(phase: string, done: number, total: number, unit = 'objects'): void {
    if (!this.#enabled || Date.now() - this.#started < this.delayMs) return;
    const count = done > 0 ? `${done}/${total}` : String(total);
    this.#stream.write(`\r${phase} ${count} ${unit}\u001b[K`);
    this.#drawn = true;
  }

  /** Erases the line, if it was drawn. */
  clear(): void {
    if (this.#drawn) this.#stream.write('\r\u001b[K');
    this.#drawn = false;
  }
}
