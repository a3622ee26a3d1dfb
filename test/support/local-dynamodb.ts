import {
  startDynamoDB,
  ensureTable,
  type LocalDynamoDB,
} from '../../local/dynamodb/dynamodb-server';
import { localCredentials, localRegion } from '../../local/local-credentials';

/**
 * An in-memory dynalite with the service's table, and the environment the
 * handlers expect, for tests that call adapters or handlers directly.
 */
export async function localTable(
  tableName = 'posts',
): Promise<LocalDynamoDB & { tableName: string }> {
  const dynamodb = await startDynamoDB({ port: 0 });
  await ensureTable(dynamodb.endpoint, tableName);
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  return { ...dynamodb, tableName };
}
