/**
 * @module progress
 * A one-line progress bar on stderr, drawn only when stderr is a terminal: how far, how fast
 * and how long is left.
 */
import type { TextOut } from "./io.js";

const clockTime = (seconds: number): string => {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mmss = `${String(m).padStart(h > 0 ? 2 : 1, "0")}:${String(s % 60).padStart(2, "0")}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
};

/**
 * The line of a progress bar: the bar, the count, the rate so far and the time left at that rate.
 * @param label - what is being done
 * @param done - units completed
 * @param total - all units
 * @param elapsedSeconds - time since the start
 * @returns the line (without carriage return)
 * @example
 * ```ts
 * formatProgress("generating", 500, 1000, 2); // "generating [###############---------------] 500/1000  250/s  0:02 left"
 * ```
 */
export function formatProgress(label: string, done: number, total: number, elapsedSeconds: number): string {
  const width = 30;
  const filled = Math.min(width, Math.round((done / total) * width));
  const bar = `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`;
  if (done === 0 || elapsedSeconds <= 0) return bar;
  const rate = done / elapsedSeconds;
  const shown = rate >= 100 ? String(Math.round(rate)) : rate.toFixed(1);
  return `${bar}  ${shown}/s  ${clockTime((total - done) / rate)} left`;
}

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
  readonly #clock: () => number;
  readonly #start: number;

  /**
   * @param out - stderr
   * @param total - total units
   * @param label - what is being done
   * @param clock - milliseconds, for the rate (default `performance.now`)
   */
  constructor(out: TextOut, total: number, label: string, clock: () => number = () => performance.now()) {
    this.#out = out;
    this.#total = total;
    this.#label = label;
    this.#enabled = out.isTTY === true && total >= 50;
    this.#clock = clock;
    this.#start = clock();
  }

  /** Draw the bar at `done` units. @param done - units completed */
  update(done: number): void {
    if (!this.#enabled) return;
    const line = formatProgress(this.#label, done, this.#total, (this.#clock() - this.#start) / 1000);
    this.#out.write(`\r\x1b[2K${line}`);
  }

  /** Clear the line. */
  done(): void {
    if (this.#enabled) this.#out.write("\r\x1b[2K");
  }
}
