import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { lambdaNode } from '../../local/lambda/lambda-node';
import { failureLines } from '../harness/failure-lines';

export interface ColdSample {
  /** Parent's view: from spawn to process exit (Node's boot, init, first invocation, exit). */
  readonly wallMs: number;
  /** The child's own view, from its time origin. */
  readonly bootMs?: number;
  readonly initMs?: number;
  readonly firstInvocationMs?: number;
  readonly status?: number;
  /** CPU time the child used, all threads, from its start to the report. */
  readonly cpuMs?: number;
  /**
   * What it wrote that says something failed: ERROR or WARN log lines (Powertools' JSON), and
   * metrics (EMF) named for a failure, such as JobsEnqueueFailed.
   */
  readonly failureLines: readonly string[];
}

/**
 * Runs `node <args>` as a fresh process with exactly `env`, timing it from
 * spawn to exit; what the child writes on fd 3 (JSON) is merged in.
 */
export function runColdProcess(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<ColdSample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // The Node Lambda runs the functions on (nodejs24.x), as the local containers do, not the
    // one running the benchmark.
    const child = spawn(lambdaNode().path, args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    let wallMs = 0;
    let report = '';
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    (child.stdio[3] as Readable | null)?.on(
      'data',
      (chunk: Buffer) => (report += chunk.toString()),
    );
    child.on('exit', () => (wallMs = performance.now() - started));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`node ${args.join(' ').slice(0, 200)} exited with ${code}:\n${stderr}`));
        return;
      }
      resolve({
        wallMs,
        ...(report ? (JSON.parse(report) as Omit<ColdSample, 'wallMs' | 'failureLines'>) : {}),
        failureLines: failureLines(stdout),
      });
    });
  });
}
