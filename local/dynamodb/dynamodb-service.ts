import { localService, type LocalService } from '../service';
import { ensureTable, startDynamoDB, type LocalDynamoDB } from './dynamodb-server';

/** dynalite with the service's table in it (created on first start, kept on disk with `path`). */
export function dynamodbService(options: {
  readonly port: number;
  /** Where the data is kept; in memory without it. */
  readonly path?: string;
  readonly tableName: string;
}): LocalService<LocalDynamoDB> {
  return localService('dynamodb', async () => {
    const dynamodb = await startDynamoDB({ port: options.port, path: options.path });
    try {
      await ensureTable(dynamodb.endpoint, options.tableName);
    } catch (error) {
      await dynamodb.close();
      throw error;
    }
    return dynamodb;
  });
}
