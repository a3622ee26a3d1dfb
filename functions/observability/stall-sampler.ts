/**
 * The longest time the event loop went without turning, measured by timer
 * drift: a timer due every `resolutionMs` fires late by as long as the loop
 * was blocked. `stop()` takes one last reading, so a stall at the very end of
 * an invocation (a synchronous call just before returning, with no turn of
 * the loop after it) counts too; `perf_hooks.monitorEventLoopDelay` only
 * records when its timer gets to run, and would miss that one.
 *
 * The value is the longest gap between readings, as monitorEventLoopDelay
 * reports it: about `resolutionMs` when nothing blocks, and at least as long
 * as the longest stall (at most `resolutionMs` more).
 */
export class StallSampler {
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  private longest = 0;

  constructor(private readonly resolutionMs = 10) {}

  start(): void {
    this.last = performance.now();
    this.longest = 0;
    this.timer = setInterval(() => this.read(), this.resolutionMs);
    // Never what keeps a process (or a test runner) alive.
    this.timer.unref();
  }

  /** Stops sampling; the longest gap seen, in milliseconds. */
  stop(): number {
    if (this.timer === undefined) return this.longest;
    this.read();
    clearInterval(this.timer);
    this.timer = undefined;
    return this.longest;
  }

  private read(): void {
    const now = performance.now();
    if (now - this.last > this.longest) this.longest = now - this.last;
    this.last = now;
  }
}
