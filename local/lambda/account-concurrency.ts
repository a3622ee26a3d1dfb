/**
 * The account's unreserved concurrency, shared by every function without
 * reserved concurrency: Lambda throttles one of them only when invocations
 * running across all of them reach it (the account's limit minus what the
 * others reserve). Containers count while they run an invocation, not idle.
 */
export class AccountConcurrency {
  private inUse = 0;

  constructor(readonly limit: number) {}

  get running(): number {
    return this.inUse;
  }

  tryAcquire(): boolean {
    if (this.inUse >= this.limit) return false;
    this.inUse += 1;
    return true;
  }

  release(): void {
    this.inUse = Math.max(0, this.inUse - 1);
  }
}
