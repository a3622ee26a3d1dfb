/** A figure checked against the target the issue sets; `met` is null when it could not be measured. */
export interface TargetCheck {
  readonly figure: string;
  readonly value: string;
  readonly target: string;
  readonly met: boolean | null;
}

export interface BenchmarkOutcome {
  /** Everything measured, written to `bench/results/<date>-<name>.json`. */
  readonly results: object;
  /** The short table printed at the end. */
  readonly table: string;
  readonly targets: readonly TargetCheck[];
  /** Other files written (e.g. the load chart), relative to the repository. */
  readonly files?: readonly string[];
}

/** A benchmark's measurement; its name and title are in the catalog (benchmark-catalog.ts). */
export interface Benchmark {
  run(log: (line: string) => void): Promise<BenchmarkOutcome>;
}
