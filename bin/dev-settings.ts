import { parseBackoffPair, type BackoffPair } from '../lib/description/backoff-pair';

/**
 * The environment variables `npm run dev` reads, with their defaults: the one
 * list that both `bin/local.ts` reads its settings from and
 * `npm run dev -- --help` prints, so the help cannot drift from what is read.
 */
export const devVariables = {
  PORT: { default: '3000', meaning: 'the API (the local API Gateway)' },
  DYNAMODB_PORT: { default: '8000', meaning: 'the local DynamoDB (dynalite)' },
  S3_PORT: { default: '4569', meaning: 'the local S3 (media bucket, path-style)' },
  SQS_PORT: { default: '9324', meaning: 'the local SQS (job queues and their DLQs)' },
  LOCAL_DATA_DIR: {
    default: '.local',
    meaning: 'where tables, queues, the signing key and bundles are kept across restarts',
  },
  WATCH: {
    default: '1',
    meaning: '0 stops rebuilding and reloading functions when sources change',
  },
  CACHE_URL: {
    default: '',
    meaning: 'redis://host:port for a real Valkey/Redis; unset: an in-process cache',
  },
  PARTNER_API_URL: {
    default: '',
    meaning: 'the partner API the functions call; unset: a sample partner on loopback',
  },
  PARTNER_PORT: { default: '0', meaning: 'port of the sample partner; 0 picks a free one' },
  LOCAL_TIME_SCALE: {
    default: '1',
    meaning: 'dashboard periods and alarm evaluation run this many times faster (1..120)',
  },
  LOG_FORMAT: {
    default: 'pretty',
    meaning: 'pretty (one line per event) or json (log lines exactly as written)',
  },
  NO_COLOR: { default: '', meaning: 'set to anything to print logs without colour' },
  LOCAL_DYNAMODB_VIA: {
    default: '',
    meaning:
      'the DynamoDB address the functions use (npm run chaos: its fault proxy); unset: dynalite',
  },
  LOCAL_SQS_VIA: {
    default: '',
    meaning: 'the SQS address the functions and pollers use (npm run chaos); unset: the local SQS',
  },
  LOCAL_NICE_WORKERS: {
    default: '1',
    meaning:
      '0 runs every container at normal priority (queue workers: nice 19 and SCHED_IDLE, which starves them on a busy machine; scale-out containers: nice 10)',
  },
  LOCAL_FAULTS: {
    default: '0',
    meaning: '1: SIGUSR2 kills one running queue-worker thread mid-job (npm run chaos)',
  },
  LOCAL_RETRY_BACKOFF: {
    default: '',
    meaning:
      "'<base>,<max>' seconds: every queue's retry backoff (npm run chaos -- --short); unset: the description's",
  },
} as const satisfies Record<string, { default: string; meaning: string }>;

export type DevVariable = keyof typeof devVariables;

export interface DevSettings {
  readonly port: number;
  readonly dynamodbPort: number;
  readonly s3Port: number;
  readonly sqsPort: number;
  readonly dataDir: string;
  readonly watch: boolean;
  readonly cacheUrl: string | undefined;
  readonly partnerApiUrl: string | undefined;
  readonly partnerPort: number;
  readonly timeScale: number;
  readonly logFormat: 'pretty' | 'json';
  readonly color: boolean;
  readonly clientEndpoints: { readonly dynamodb?: string; readonly sqs?: string };
  readonly faults: boolean;
  readonly niceWorkers: boolean;
  /** Every queue's retry backoff instead of the description's; undefined: the description's. */
  readonly retryBackoff: BackoffPair | undefined;
}

/** The settings from `env`; throws with the variable's name when a value makes no sense. */
export function devSettings(env: Readonly<Record<string, string | undefined>>): DevSettings {
  // An empty value counts as unset, as in a shell's `PORT= npm run dev`.
  const read = (name: DevVariable): string => env[name] || devVariables[name].default;
  const optional = (name: DevVariable): string | undefined => read(name) || undefined;
  const port = (name: DevVariable): number => {
    const text = read(name);
    const value = Number(text);
    if (!/^\d+$/.test(text) || value > 65535) {
      throw new Error(`${name}=${text} is not a port (0 to 65535)`);
    }
    return value;
  };
  const logFormat = read('LOG_FORMAT');
  if (logFormat !== 'pretty' && logFormat !== 'json') {
    throw new Error(`LOG_FORMAT=${logFormat} is neither pretty nor json`);
  }
  return {
    port: port('PORT'),
    dynamodbPort: port('DYNAMODB_PORT'),
    s3Port: port('S3_PORT'),
    sqsPort: port('SQS_PORT'),
    dataDir: read('LOCAL_DATA_DIR'),
    watch: read('WATCH') !== '0',
    cacheUrl: optional('CACHE_URL'),
    partnerApiUrl: optional('PARTNER_API_URL'),
    partnerPort: port('PARTNER_PORT'),
    timeScale: timeScale(read('LOCAL_TIME_SCALE')),
    logFormat,
    color: !optional('NO_COLOR'),
    clientEndpoints: { dynamodb: optional('LOCAL_DYNAMODB_VIA'), sqs: optional('LOCAL_SQS_VIA') },
    faults: read('LOCAL_FAULTS') === '1',
    niceWorkers: read('LOCAL_NICE_WORKERS') !== '0',
    retryBackoff: retryBackoff(optional('LOCAL_RETRY_BACKOFF')),
  };
}

/** The `--help` listing: every variable, its default and its meaning. */
export function devVariablesHelp(): string {
  const width = Math.max(...Object.keys(devVariables).map((name) => name.length));
  return Object.entries(devVariables)
    .map(
      ([name, { default: value, meaning }]) =>
        `  ${name.padEnd(width)}  ${(value === '' ? '(unset)' : value).padEnd(8)}  ${meaning}`,
    )
    .join('\n');
}

/** LOCAL_TIME_SCALE: a number from 1 to 120, as the local dashboard accepts. */
function timeScale(value: string): number {
  const scale = Number(value);
  if (!(scale >= 1 && scale <= 120)) {
    throw new Error(`LOCAL_TIME_SCALE=${value} is not a number from 1 to 120`);
  }
  return scale;
}

/** LOCAL_RETRY_BACKOFF: "<base>,<max>" whole seconds, the base at most the max. */
function retryBackoff(value: string | undefined): DevSettings['retryBackoff'] {
  if (value === undefined) return undefined;
  const pair = parseBackoffPair(value);
  if (!pair || pair.baseSeconds > pair.maxSeconds) {
    throw new Error(`LOCAL_RETRY_BACKOFF=${value} is not "<base>,<max>" seconds (base <= max)`);
  }
  return pair;
}
