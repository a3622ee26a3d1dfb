import type { SmokeClient } from './smoke-client';

/**
 * What the run created on the stage, so that it leaves nothing behind: every post and
 * webhook is recorded as it is made, crossed off when a step deletes it, and whatever is
 * left is deleted at the end, whatever failed in between.
 */
export class CreatedResources {
  private readonly posts = new Set<string>();
  private readonly webhooks = new Set<string>();

  constructor(private readonly api: SmokeClient) {}

  post(id: string): void {
    this.posts.add(id);
  }

  webhook(id: string): void {
    this.webhooks.add(id);
  }

  deleted(kind: 'posts' | 'webhooks', id: string): void {
    this[kind].delete(id);
  }

  get remaining(): number {
    return this.posts.size + this.webhooks.size;
  }

  /** Deletes what is left (a 404 counts as gone); says what could not be deleted. */
  async cleanUp(): Promise<{ deleted: number; failures: string[] }> {
    const targets = [
      ...[...this.webhooks].map((id) => ['webhooks', id] as const),
      ...[...this.posts].map((id) => ['posts', id] as const),
    ];
    const failures: string[] = [];
    let deleted = 0;
    for (const [kind, id] of targets) {
      try {
        const path = { id };
        const { response: answer } =
          kind === 'posts'
            ? await this.api.signedIn.DELETE('/posts/{id}', { params: { path } })
            : await this.api.signedIn.DELETE('/webhooks/{id}', { params: { path } });
        if (answer.status === 204 || answer.status === 404) {
          this.deleted(kind, id);
          if (answer.status === 204) deleted += 1;
        } else {
          failures.push(`DELETE /${kind}/${id}: ${answer.status}`);
        }
      } catch (error) {
        failures.push(`DELETE /${kind}/${id}: ${(error as Error).message}`);
      }
    }
    return { deleted, failures };
  }
}
