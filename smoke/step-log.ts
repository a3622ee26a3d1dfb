/** What a step saw, for its line: the HTTP status it ended on, and anything worth saying. */
export interface StepOutcome {
  readonly status?: number;
  readonly note?: string;
}

/** A step that did not run because what it needs is missing, or does not apply to this stage. */
export class StepSkipped extends Error {}

export interface StepLine {
  readonly name: string;
  readonly result: 'ok' | 'FAIL' | 'skip';
  readonly status?: number;
  readonly ms: number;
  readonly note?: string;
}

/**
 * Runs the smoke's steps one after another, and prints each as one line: its result,
 * the HTTP status it ended on, how long it took, its name, and why it failed or was
 * skipped. A failed step is recorded, never thrown: the steps after it still run
 * (those that need what it would have made are skipped), and cleanup always does.
 */
export class StepLog {
  readonly lines: StepLine[] = [];

  constructor(
    private readonly write: (text: string) => void,
    /** Once aborted (Ctrl-C), the steps left are skipped; the cleanup still runs. */
    private readonly interrupted?: AbortSignal,
  ) {}

  get failed(): number {
    return this.lines.filter((line) => line.result === 'FAIL').length;
  }

  async step<T extends StepOutcome>(
    name: string,
    run: () => Promise<T>,
    options: { readonly always?: boolean } = {},
  ): Promise<T | undefined> {
    const started = performance.now();
    try {
      if (this.interrupted?.aborted && !options.always) throw new StepSkipped('interrupted');
      const outcome = await run();
      this.print({ name, result: 'ok', ms: performance.now() - started, ...outcome });
      return outcome;
    } catch (error) {
      const ms = performance.now() - started;
      const note = (error as Error).message;
      if (error instanceof StepSkipped || (this.interrupted?.aborted && !options.always)) {
        this.print({
          name,
          result: 'skip',
          ms,
          note: this.interrupted?.aborted ? 'interrupted' : note,
        });
      } else this.print({ name, result: 'FAIL', ms, note, status: statusOf(error) });
      return undefined;
    }
  }

  private print(line: StepLine): void {
    this.lines.push(line);
    const status = line.status === undefined ? '---' : String(line.status);
    const ms = `${Math.round(line.ms)} ms`.padStart(8);
    this.write(
      `${line.result.padEnd(4)} ${status} ${ms}  ${line.name}${line.note ? ` (${line.note})` : ''}\n`,
    );
  }
}

/** The status an unexpected answer carried, when the error says (see `unexpected` in smoke-client.ts). */
function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}
