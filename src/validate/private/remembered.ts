/**
 * Answers remembered by text, for checks that see the same few texts thousands of times (names, label keys,
 * quantities, skip annotations). Emptied when full, so that a huge app cannot grow it without end.
 */
export class Remembered<T> {
  readonly #answers = new Map<string, T>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The answer for `text`, computed by `compute` the first time (undefined answers are remembered too). */
  get(text: string, compute: (text: string) => T): T {
    if (this.#answers.has(text)) return this.#answers.get(text) as T;
    const answer = compute(text);
    if (this.#answers.size >= this.#limit) this.#answers.clear();
    this.#answers.set(text, answer);
    return answer;
  }
}
