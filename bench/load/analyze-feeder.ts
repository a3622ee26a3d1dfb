import { functions } from '../../lib/description';
import { contractCheck } from '../../lib/contract/answer-contract';
import { createApiClient, type ApiClient } from '../../lib/contract/api-client';
import { sampleText } from './sample-text';

/**
 * Jobs posted at once, at most: analyzeText's reserved concurrency where it has
 * one (a wider burst is throttled, which measures nothing), else 10.
 */
const WAVE = functions.analyzeText.reservedConcurrency ?? 10;

export interface FeederConfig {
  /** Jobs posted at once when the busy phase starts. */
  readonly burst: number;
  /** Jobs posted each second after that, so the queue does not drain mid-phase. */
  readonly perSecond: number;
  readonly textChars: number;
}

export interface FeederStats {
  readonly accepted: number;
  readonly statuses: Readonly<Record<string, number>>;
}

/**
 * The busy phase once the service has `POST /analyze`: jobs on long texts
 * posted as a client would, a burst and then a steady trickle, while the
 * workers behind the queue process them.
 */
export class AnalyzeFeeder {
  private readonly text: string;
  /** The typed client; an answer outside docs/openapi.json counts as `ContractDrift`. */
  private readonly api: ApiClient;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly statuses: Record<string, number> = {};
  private sent = 0;

  constructor(
    url: string,
    /** The headers of each user it posts as, in turn (callerLimit counts per user). */
    private readonly headerSets: readonly Readonly<Record<string, string>>[],
    private readonly config: FeederConfig,
  ) {
    this.text = sampleText(config.textChars);
    this.api = createApiClient(url, { middleware: [contractCheck] });
  }

  async start(): Promise<void> {
    for (let sent = 0; sent < this.config.burst; sent += WAVE) {
      const wave = Math.min(WAVE, this.config.burst - sent);
      await Promise.all(Array.from({ length: wave }, () => this.post()));
    }
    this.timer = setInterval(() => {
      for (let i = 0; i < this.config.perSecond; i += 1) void this.post();
    }, 1000);
  }

  async stop(): Promise<FeederStats> {
    clearInterval(this.timer);
    await Promise.all(this.inFlight);
    return { accepted: this.statuses['202'] ?? 0, statuses: { ...this.statuses } };
  }

  private post(): Promise<void> {
    const sent = this.api
      .POST('/analyze', {
        headers: this.headerSets[this.sent++ % this.headerSets.length],
        body: { text: this.text },
      })
      .then(({ response }) => String(response.status))
      .catch((error: Error) => error.name)
      .then((status) => {
        this.statuses[status] = (this.statuses[status] ?? 0) + 1;
      });
    this.inFlight.add(sent);
    return sent.finally(() => this.inFlight.delete(sent));
  }
}
