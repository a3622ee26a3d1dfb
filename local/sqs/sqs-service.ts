import { localRegion } from '../local-credentials';
import { localService, type LocalService } from '../service';
import { startSqsServer, type SqsServer } from './sqs-server';

/** The local SQS, its queues kept in `dataDir`. */
export function sqsService(options: {
  readonly port: number;
  readonly dataDir: string;
}): LocalService<SqsServer> {
  return localService('sqs', () =>
    startSqsServer({ port: options.port, dataDir: options.dataDir, region: localRegion }),
  );
}
