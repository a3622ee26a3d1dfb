import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { lambdaNode } from '../../local/lambda/lambda-node';

/** Where a result was measured: figures only compare within one machine and one run. */
export function machine() {
  const cores = cpus();
  return {
    node: process.version,
    /** What the functions run on: the local containers, the cold and overhead children. */
    functionsNode: lambdaNode().version,
    platform: `${platform()} ${release()} ${arch()}`,
    cpus: cores.length,
    cpuModel: cores[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    loadAverage: loadavg().map((n) => Number(n.toFixed(2))),
  };
}
