import type { LocalService } from './service';

/**
 * Services started one after another and closed in the reverse order, so none is closed
 * while a later one still uses it. A service that fails to start closes everything
 * started before it, and the error names its step.
 */
export class ServiceStack {
  private readonly started: LocalService<unknown>[] = [];

  async start<Started>(service: LocalService<Started>): Promise<Started> {
    let value: Started;
    try {
      value = await service.start();
    } catch (error) {
      // What it started before failing goes too (a service's close allows a partial start).
      await service.close().catch(() => undefined);
      const closeFailure = await this.close().then(
        () => '',
        (failure: unknown) => ` (and closing the others: ${messageOf(failure)})`,
      );
      throw new Error(`${service.name} did not start: ${messageOf(error)}${closeFailure}`, {
        cause: error,
      });
    }
    this.started.push(service);
    return value;
  }

  /** Every service started, last first; each is closed even when one before it fails. */
  async close(): Promise<void> {
    const failures: string[] = [];
    for (const service of this.started.splice(0).reverse()) {
      try {
        await service.close();
      } catch (error) {
        failures.push(`${service.name} did not close: ${messageOf(error)}`);
      }
    }
    if (failures.length > 0) throw new Error(failures.join('; '));
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
