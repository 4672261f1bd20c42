/**
 * @module progress
 * A one-line progress bar on stderr, drawn only when stderr is a terminal.
 */
import type { TextOut } from "./io.js";

/**
 * A progress bar that redraws itself in place.
 * @example
 * ```ts
 * const bar = new ProgressBar(io.stderr, 1000, "generating");
 * bar.update(500);
 * bar.done();
 * ```
 */
export class ProgressBar {
  readonly #out: TextOut;
  readonly #total: number;
  readonly #label: string;
  readonly #enabled: boolean;

  /**
   * @param out - stderr
   * @param total - total units
   * @param label - what is being done
   */
  constructor(out: TextOut, total: number, label: string) {
    this.#out = out;
    this.#total = total;
    this.#label = label;
    this.#enabled = out.isTTY === true && total >= 50;
  }

  /** Draw the bar at `done` units. @param done - units completed */
  update(done: number): void {
    if (!this.#enabled) return;
    const width = 30;
    const filled = Math.round((done / this.#total) * width);
    this.#out.write(
      `\r${this.#label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${this.#total}`,
    );
  }

  /** Clear the line. */
  done(): void {
    if (this.#enabled) this.#out.write("\r\x1b[2K");
  }
}
