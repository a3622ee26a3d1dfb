/**
 * The traffic `npm run cost` prices: how many API requests a month, their
 * share per route, the cache hit rate, the size of a post, and how many users
 * sign in. The defaults are issue #19's "realistic mix".
 */
export interface TrafficMix {
  readonly requestsPerMonth: number;
  /** Shares of all API requests, summing to 1. */
  readonly shares: {
    readonly getPost: number;
    readonly listPosts: number;
    readonly createPost: number;
    readonly analyzeText: number;
  };
  /** Of the `GET /posts/{id}` requests, the share the cache answers. */
  readonly cacheHitRate: number;
  /** A post item as stored (content, tags, keys), in KB. */
  readonly itemKb: number;
  /** Monthly active users (they sign in to write): the Cognito bill. */
  readonly users: number;
}

export const defaultMix: TrafficMix = {
  requestsPerMonth: 1_000_000,
  shares: { getPost: 0.8, listPosts: 0.1, createPost: 0.08, analyzeText: 0.02 },
  cacheHitRate: 0.7,
  itemKb: 1,
  users: 2_000,
};

const flags = {
  '--requests': 'requestsPerMonth',
  '--get': 'getPost',
  '--list': 'listPosts',
  '--create': 'createPost',
  '--analyze': 'analyzeText',
  '--hit-rate': 'cacheHitRate',
  '--item-kb': 'itemKb',
  '--users': 'users',
} as const;

export const mixUsage = `Traffic (defaults: issue #19's mix):
  --requests <n>    API requests a month            (${defaultMix.requestsPerMonth})
  --get <share>     GET /posts/{id}                 (${defaultMix.shares.getPost})
  --list <share>    GET /posts                      (${defaultMix.shares.listPosts})
  --create <share>  POST /posts (three jobs each)   (${defaultMix.shares.createPost})
  --analyze <share> POST /analyze (one job each)    (${defaultMix.shares.analyzeText})
  --hit-rate <r>    cache hits among GET /posts/{id} (${defaultMix.cacheHitRate})
  --item-kb <kb>    size of a stored post           (${defaultMix.itemKb})
  --users <n>       monthly active (signed-in) users (${defaultMix.users})
Shares are fractions (0.8) or percentages (80%); they must sum to 1.`;

/** The mix from command-line flags (`--get 80% --hit-rate 0.5 ...`); throws on a bad one. */
export function parseMix(args: readonly string[]): { mix: TrafficMix; rest: string[] } {
  const values: Record<string, number> = {
    requestsPerMonth: defaultMix.requestsPerMonth,
    ...defaultMix.shares,
    cacheHitRate: defaultMix.cacheHitRate,
    itemKb: defaultMix.itemKb,
    users: defaultMix.users,
  };
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    if (!(flag in flags)) {
      rest.push(arg);
      continue;
    }
    const raw = inline ?? args[++i];
    const value = raw?.endsWith('%') ? Number(raw.slice(0, -1)) / 100 : Number(raw);
    if (raw === undefined || raw === '' || !Number.isFinite(value) || value < 0) {
      throw new Error(`${flag} needs a number of 0 or more, not ${String(raw)}`);
    }
    values[flags[flag as keyof typeof flags]] = value;
  }
  const shares = {
    getPost: values.getPost ?? 0,
    listPosts: values.listPosts ?? 0,
    createPost: values.createPost ?? 0,
    analyzeText: values.analyzeText ?? 0,
  };
  const total = Object.values(shares).reduce((a, b) => a + b, 0);
  if (Math.abs(total - 1) > 1e-6) {
    throw new Error(`the route shares sum to ${total.toFixed(3)}, not 1`);
  }
  const cacheHitRate = values.cacheHitRate ?? 0;
  if (cacheHitRate > 1) throw new Error('--hit-rate is a share: 0..1');
  return {
    mix: {
      requestsPerMonth: values.requestsPerMonth ?? 0,
      shares,
      cacheHitRate,
      itemKb: values.itemKb ?? 1,
      users: values.users ?? 0,
    },
    rest,
  };
}
