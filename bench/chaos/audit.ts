import type { FaultWindow } from './faults';
import type { Answer, RetryingClient } from './retrying-client';
import type { ChaosUser, TrafficLedger } from './traffic';
import type { DeduplicatingReceiver } from './webhook-receiver';

export interface AuditCheck {
  readonly check: string;
  readonly expected: string;
  readonly measured: string;
  readonly ok: boolean;
}

export interface FaultRow {
  readonly fault: string;
  readonly seconds: number;
  readonly answers: number;
  /** 503 with Retry-After. */
  readonly unavailable: number;
  /** Reads answered from the cache or the partner's kept answer. */
  readonly cachedOrStale: number;
  readonly networkErrors: number;
  readonly unexpected5xx: number;
  readonly note: string;
}

export interface Audit {
  readonly checks: readonly AuditCheck[];
  readonly faults: readonly FaultRow[];
  /** Seconds after the last fault until every post, job and upload was terminal; undefined: not within the bound. */
  readonly settledSeconds: number | undefined;
  readonly settleBoundSeconds: number;
  readonly totals: {
    readonly requests: number;
    readonly posts: number;
    readonly postsFailed: number;
    readonly jobs: number;
    readonly jobsFailed: number;
    readonly uploads: number;
    readonly deliveries: number;
    readonly duplicateDeliveries: number;
  };
  readonly ok: boolean;
}

/** Answers the audit counts against the service: 5xx other than 503 with Retry-After. */
export function unexpected(answer: Answer): boolean {
  return answer.status >= 500 && !(answer.status === 503 && answer.retryAfter);
}

/** A post as its author reads how it went (`GET /posts/{id}/processing`). */
interface PostView {
  status?: string;
  jobs?: Record<string, string>;
  uploads?: { id: string; state: string }[];
}

/**
 * Waits until every post, job and upload answered 201/202 is terminal and every post's
 * webhook callback has arrived (or `boundMs` after
 * `lastFaultEnd`), then checks what was promised against what is there.
 */
export async function audit(options: {
  readonly client: RetryingClient;
  readonly ledger: TrafficLedger;
  readonly users: readonly ChaosUser[];
  readonly receiver: DeduplicatingReceiver;
  readonly windows: readonly FaultWindow[];
  readonly lastFaultEnd: number;
  readonly boundMs: number;
  /** Grace after a fault during which its after-effects are still counted as its own. */
  readonly graceMs: number;
  /** Fewer answers than this in a fault's window: the fault was not really tried. */
  readonly minWindowAnswers: number;
}): Promise<Audit> {
  const { client, ledger, users, receiver } = options;
  // The traffic's own answers, before the audit's reads join them.
  const trafficAnswers = [...client.answers];
  const posts = new Map<string, PostView | undefined>();
  const notFound = new Set<string>();
  const jobs = new Map<string, string | undefined>();
  const uploadStates = new Map<string, string | undefined>();
  const pending = () => {
    const postsOpen = ledger.posts.filter((p) => {
      const view = posts.get(p.id);
      return view?.status !== 'ready' && view?.status !== 'failed';
    });
    const jobsOpen = ledger.jobs.filter((j) => {
      const status = jobs.get(j.id);
      return status !== 'succeeded' && status !== 'failed';
    });
    const uploadsOpen = ledger.uploads.filter((u) => {
      const state = uploadStates.get(u.mediaId);
      return state === undefined || state === 'pending';
    });
    // A post is ready once its deliveries are handed on: the callback itself may still be
    // on its way (a delivery that failed during a fault comes back after its backoff).
    const callbacksOpen = ledger.posts.filter((p) => !receiver.postsAnnounced.has(p.id));
    return { postsOpen, jobsOpen, uploadsOpen, callbacksOpen };
  };
  const allDone = (open: ReturnType<typeof pending>) =>
    open.postsOpen.length === 0 &&
    open.jobsOpen.length === 0 &&
    open.uploadsOpen.length === 0 &&
    open.callbacksOpen.length === 0;
  const deadline = options.lastFaultEnd + options.boundMs;
  for (;;) {
    const { postsOpen, jobsOpen, uploadsOpen } = pending();
    const postIds = new Set([...postsOpen.map((p) => p.id), ...uploadsOpen.map((u) => u.postId)]);
    // Follow-ups and uploads are the author's to read: the public view shows neither.
    await inBatches([...postIds], 8, async (id) => {
      const author = ledger.posts.find((p) => p.id === id)?.author;
      const read = await client.send<PostView>({
        op: 'audit',
        method: 'GET',
        path: `/posts/${id}/processing`,
        token: users.find((u) => u.name === author)?.token,
      });
      posts.set(id, read.status === 200 ? read.body : undefined);
      for (const upload of read.body?.uploads ?? []) uploadStates.set(upload.id, upload.state);
      if (read.status === 404) notFound.add(id);
    });
    await inBatches(jobsOpen, 8, async (job) => {
      const read = await client.send<{ status?: string }>({
        op: 'audit',
        method: 'GET',
        path: `/jobs/${job.id}`,
        token: job.token,
      });
      jobs.set(job.id, read.status === 200 ? read.body?.status : undefined);
      if (read.status === 404) notFound.add(job.id);
    });
    if (allDone(pending()) || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  const open = pending();
  const settled = allDone(open);
  const settledSeconds = settled
    ? Math.round((Date.now() - options.lastFaultEnd) / 1000)
    : undefined;

  // Counters: each user's total against the posts answered 201 for them.
  const counterMismatches: string[] = [];
  await inBatches(users, 4, async (user) => {
    const stats = await client.send<{ totals?: { posts?: number } }>({
      op: 'audit',
      method: 'GET',
      path: `/stats?author_id=${user.name}`,
    });
    const created = ledger.posts.filter((p) => p.author === user.name).length;
    const counted = stats.body?.totals?.posts;
    if (counted !== created)
      counterMismatches.push(`${user.name}: ${counted} counted, ${created} created`);
  });

  const lost = ledger.posts.filter((p) => notFound.has(p.id));
  const missingJobs = ledger.jobs.filter((j) => notFound.has(j.id));
  const notAnnounced = open.callbacksOpen;
  const duplicates = [...receiver.deliveries.values()].reduce((sum, n) => sum + n - 1, 0);
  const bad = trafficAnswers.filter(unexpected);
  // A request belongs to a fault when it was in flight at any time during it (or its grace).
  const windowOf = (answer: Answer) =>
    options.windows.find((w) => answer.doneAt >= w.start && answer.at <= w.end + options.graceMs);
  const strayNetworkErrors = trafficAnswers.filter(
    (a) => a.status === 0 && windowOf(a)?.name !== 'cloud-sigkill',
  );
  const postsFailed = [...posts.values()].filter((v) => v?.status === 'failed').length;
  const jobsFailed = [...jobs.values()].filter((s) => s === 'failed').length;
  const bound = Math.round(options.boundMs / 1000);

  const drifted = trafficAnswers.filter((a) => a.drift !== undefined);
  const networkErrors = trafficAnswers.filter((a) => a.status === 0).length;
  const answersIn = (w: FaultWindow) => trafficAnswers.filter((a) => windowOf(a) === w);
  const notExercised = options.windows.filter((w) => w.skipped);
  const quiet = options.windows.filter((w) => answersIn(w).length < options.minWindowAnswers);

  const checks: AuditCheck[] = [
    {
      check: 'writes answered 201/202 have their record',
      expected: '0 lost',
      measured: `${lost.length + missingJobs.length + ledger.missingOnRead.length} lost of ${ledger.posts.length} posts + ${ledger.jobs.length} jobs`,
      ok: lost.length + missingJobs.length + ledger.missingOnRead.length === 0,
    },
    {
      check: `posts terminal (ready or failed) within ${bound} s of the last fault`,
      expected: '0 left',
      measured: `${open.postsOpen.length} left${waitingOn(open.postsOpen.map((p) => posts.get(p.id)))} (${postsFailed} failed)`,
      ok: open.postsOpen.length === 0,
    },
    {
      check: `jobs terminal (succeeded or failed) within ${bound} s`,
      expected: '0 left',
      measured: `${open.jobsOpen.length} left (${jobsFailed} failed)`,
      ok: open.jobsOpen.length === 0,
    },
    {
      check: `uploads out of pending within ${bound} s`,
      expected: '0 left',
      measured: `${open.uploadsOpen.length} left of ${ledger.uploads.length}`,
      ok: open.uploadsOpen.length === 0,
    },
    {
      check: 'webhook callback arrived for every post',
      expected: '0 missing',
      measured: `${notAnnounced.length} missing; ${receiver.deliveries.size} delivery ids, ${duplicates} duplicates (de-duplicated)`,
      ok: notAnnounced.length === 0 && receiver.unlabelled === 0,
    },
    {
      check: 'counters equal the posts created',
      expected: `${users.length} users match`,
      measured: counterMismatches.length
        ? counterMismatches.join('; ')
        : `${users.length} users match`,
      ok: counterMismatches.length === 0,
    },
    {
      check: 'unexpected 5xx (not 503 + Retry-After)',
      expected: '0',
      measured: bad.length
        ? `${bad.length}: ${summarize(bad)}`
        : `0 of ${trafficAnswers.length} answers`,
      ok: bad.length === 0,
    },
    {
      check: 'answers outside docs/openapi.json (contract drift)',
      expected: '0',
      measured: drifted.length
        ? `${drifted.length}: ${[...new Set(drifted.map((a) => a.drift))].slice(0, 3).join(' | ')}`
        : `0 of ${trafficAnswers.length - networkErrors} answers`,
      ok: drifted.length === 0,
    },
    {
      check: 'network errors outside the restart',
      expected: '0',
      measured: strayNetworkErrors.length ? summarize(strayNetworkErrors) : '0',
      ok: strayNetworkErrors.length === 0,
    },
    {
      check: 'every fault exercised',
      expected: `${options.windows.length} of ${options.windows.length}`,
      measured: notExercised.length
        ? `${options.windows.length - notExercised.length} of ${options.windows.length}; ${notExercised.map((w) => `${w.name}: ${w.note}`).join('; ')}`
        : `${options.windows.length} of ${options.windows.length}`,
      ok: notExercised.length === 0,
    },
    {
      check: 'answers inside every fault window',
      expected: `≥ ${options.minWindowAnswers} each`,
      measured: quiet.length
        ? quiet.map((w) => `${w.name}: ${answersIn(w).length}`).join('; ')
        : `≥ ${options.minWindowAnswers} each (fewest ${Math.min(...options.windows.map((w) => answersIn(w).length))})`,
      ok: quiet.length === 0,
    },
    {
      check: 'creates never answered 201 (client gave up)',
      expected: '0',
      measured: String(ledger.createsGivenUp),
      ok: ledger.createsGivenUp === 0,
    },
  ];

  const faults: FaultRow[] = options.windows.map((w) => {
    const during = answersIn(w);
    return {
      fault: w.name,
      seconds: Math.round((w.end - w.start) / 100) / 10,
      answers: during.length,
      unavailable: during.filter((a) => a.status === 503 && a.retryAfter).length,
      cachedOrStale: during.filter((a) => a.status === 200 && a.servedFrom !== undefined).length,
      networkErrors: during.filter((a) => a.status === 0).length,
      unexpected5xx: during.filter(unexpected).length,
      note: w.note,
    };
  });

  return {
    checks,
    faults,
    settledSeconds,
    settleBoundSeconds: bound,
    totals: {
      requests: trafficAnswers.length,
      posts: ledger.posts.length,
      postsFailed,
      jobs: ledger.jobs.length,
      jobsFailed,
      uploads: ledger.uploads.length,
      deliveries: receiver.deliveries.size,
      duplicateDeliveries: duplicates,
    },
    ok: checks.every((c) => c.ok),
  };
}

/** `: analytics pending ×3, image pending ×1`: what the open posts still wait for. */
function waitingOn(views: readonly (PostView | undefined)[]): string {
  const counts = new Map<string, number>();
  for (const view of views) {
    for (const [kind, state] of Object.entries(view?.jobs ?? {})) {
      if (state === 'done') continue;
      counts.set(`${kind} ${state}`, (counts.get(`${kind} ${state}`) ?? 0) + 1);
    }
  }
  return counts.size ? `: ${[...counts].map(([k, n]) => `${k} ×${n}`).join(', ')}` : '';
}

/** `3× 500 POST /posts, 1× 0 GET /jobs/{id}`. */
/**
 * Counts by status and operation, with the longest time one took: a 504 that took the
 * function's whole deadline (a starved machine) reads apart from one answered at once.
 */
function summarize(answers: readonly Answer[]): string {
  const counts = new Map<string, { n: number; longestMs: number }>();
  for (const a of answers) {
    const key = `${a.status} ${a.op}`;
    const seen = counts.get(key) ?? { n: 0, longestMs: 0 };
    counts.set(key, { n: seen.n + 1, longestMs: Math.max(seen.longestMs, a.doneAt - a.at) });
  }
  return [...counts]
    .map(([key, { n, longestMs }]) => `${n}× ${key} (${(longestMs / 1000).toFixed(1)} s)`)
    .join(', ');
}

async function inBatches<T>(items: readonly T[], size: number, each: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map(each));
  }
}
