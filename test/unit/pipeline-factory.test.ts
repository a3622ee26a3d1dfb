import { beforeAll, describe, expect, it } from 'vitest';
import { functions, type FunctionName } from '../../lib/description';
import { pipelineOf } from '../../functions/pipeline/lambda-pipeline';

/** Every described function's handler is built by the one Lambda pipeline factory. */
beforeAll(() => {
  // What a container's environment gives at load; nothing is called.
  Object.assign(process.env, {
    TABLE_NAME: 'posts',
    MEDIA_BUCKET: 'media',
    AWS_REGION: 'us-east-1',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});

const kindOf = (name: FunctionName) => {
  const spec = functions[name];
  if (name === 'mediaWorker') return 's3-event-batch';
  if (spec.entry.startsWith('functions/api/')) return 'http';
  if ('schedule' in spec) return 'schedule';
  return 'job-batch';
};

describe('the Lambda pipeline factory', () => {
  it.each(Object.keys(functions) as FunctionName[])(
    '%s exports a handler the factory built, for itself',
    async (name) => {
      const module = (await import(`../../${functions[name].entry}`)) as { handler: unknown };
      expect(pipelineOf(module.handler)).toEqual({ name, kind: kindOf(name) });
    },
  );

  it('tags nothing else', () => {
    expect(pipelineOf(async () => undefined)).toBeUndefined();
  });
});
