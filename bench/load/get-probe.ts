/**
 * CPU per cached `GET /posts/{id}`, quicker than the whole load benchmark and split by
 * process: starts the benchmark's cloud process (cloud-handle.ts), seeds 10 posts, waits
 * for their jobs, warms `WARM` seconds with 10 connections, then measures `ROUNDS` runs of
 * `SECS` seconds. Per round: GET rps, the cloud's CPU per GET (its whole process tree, as
 * the benchmark counts it), the same split into the cloud process and each function's
 * containers (user + system; Linux /proc), and the load generator's own CPU per GET.
 *
 *   ROUNDS=3 SECS=5 WARM=8 npx tsx bench/load/get-probe.ts
 *
 * For an A/B, run it from two checkouts taking turns (compare ratios within a pair: the
 * machine's load moves every absolute figure).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { newPostBody } from '../harness/api-gateway-event';
import { CloudHandle } from './cloud-handle';
import { LOAD_USERS, writeHeaders } from './load-config';
import { runLoad } from './load-generator';
import { cpuMicrosOf, descendants, processLabel } from './process-tree-cpu';

const rounds = Number(process.env.ROUNDS ?? 3);
const seconds = Number(process.env.SECS ?? 5);
const warmSeconds = Number(process.env.WARM ?? 8);
const connections = 10;

const dir = await mkdtemp(join(tmpdir(), 'get-probe-'));
const cloud = await CloudHandle.start(join(dir, 'cloud'));
try {
  const paths: string[] = [];
  for (let i = 0; i < 10; i += 1) {
    const response = await fetch(`${cloud.url}/posts`, {
      method: 'POST',
      headers: writeHeaders(cloud.writeTokens[i] as string),
      body: newPostBody(LOAD_USERS[i] as string),
    });
    if (response.status !== 201)
      throw new Error(`seeding: POST /posts answered ${response.status}`);
    paths.push(`/posts/${((await response.json()) as { id: string }).id}`);
  }
  const { settled } = await cloud.settle(120_000);
  if (!settled) process.stdout.write("the seeded posts' jobs were not done in 2 minutes\n");
  await runLoad({ url: cloud.url, connections, durationSeconds: warmSeconds, paths });
  for (let round = 0; round < rounds; round += 1) {
    const before = {
      tree: await cloud.mark(),
      parts: cpuByProcess(cloud.pid),
      own: process.cpuUsage(),
    };
    const run = await runLoad({ url: cloud.url, connections, durationSeconds: seconds, paths });
    const own = process.cpuUsage(before.own);
    const parts = cpuByProcess(cloud.pid);
    const tree = await cloud.mark();
    const gets = run.samples.length;
    const perGet = (micros: number) => (micros / 1000 / gets).toFixed(3);
    const split = [...parts]
      .map(([name, micros]) => [name, micros - (before.parts.get(name) ?? 0)] as const)
      .filter(([, micros]) => micros / gets >= 1)
      .map(([name, micros]) => `${name} ${perGet(micros)}`)
      .join(', ');
    const failed = run.samples.filter((s) => s.status !== 200).length;
    process.stdout.write(
      `round ${round}: ${(gets / run.seconds).toFixed(0)} GET/s, cloud CPU per GET ${perGet(tree.cpuMicros - before.tree.cpuMicros)} ms ` +
        `(${split}), load generator ${perGet(own.user + own.system)} ms, not 200: ${failed}, load average ${loadavg()[0]?.toFixed(1)}\n`,
    );
  }
} finally {
  await cloud.close();
  await rm(dir, { recursive: true, force: true });
}

/** CPU (µs) of each process of the tree under `pid`, by what it is: the cloud, a function's containers, dynalite. */
function cpuByProcess(pid: number | undefined): Map<string, number> {
  const byName = new Map<string, number>();
  if (pid === undefined) return byName;
  for (const id of [pid, ...descendants(pid)]) {
    const micros = cpuMicrosOf(id);
    if (micros === undefined) continue;
    const name = processLabel(id, pid);
    byName.set(name, (byName.get(name) ?? 0) + micros);
  }
  return byName;
}
