import { App } from 'aws-cdk-lib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Service from '../../lib/service';

/**
 * The stack refuses to synthesize a description that breaks its guardrails.
 * Each case builds the stack from a deliberately broken copy of lib/service.ts
 * (the module mocked for that import only).
 */
async function synthWith(change: (real: typeof Service) => Partial<typeof Service>) {
  vi.resetModules();
  vi.doMock('../../lib/service', async (importOriginal) => {
    const real = await importOriginal<typeof Service>();
    return { ...real, ...change(real) };
  });
  const { PostsApiStack } = await import('../../lib/posts-api-stack');
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  new PostsApiStack(app, 'Broken');
  return () => app.synth();
}

afterEach(() => {
  vi.doUnmock('../../lib/service');
  vi.resetModules();
});

describe('the stack and the service description', () => {
  it('synthesizes the real description', async () => {
    expect(await synthWith(() => ({}))).not.toThrow();
  });

  it('refuses a Lambda timeout that API Gateway would cut off first', async () => {
    const synth = await synthWith((real) => ({
      functions: { ...real.functions, getPost: { ...real.functions.getPost, timeoutSeconds: 30 } },
    }));
    expect(synth).toThrow(/GET \/posts\/\{id\} \[lambda-inside-integration\]/);
  });

  it('refuses SDK calls that outlast the handler deadline', async () => {
    const synth = await synthWith((real) => ({
      functions: {
        ...real.functions,
        listPosts: {
          ...real.functions.listPosts,
          sdk: { ...real.functions.listPosts.sdk, maxAttempts: 5 },
        },
      },
    }));
    expect(synth).toThrow(/functions\.listPosts\.sdk \[call-inside-deadline\]/);
  });

  it('refuses a queue-triggered worker without reserved concurrency or with a short visibility', async () => {
    const synth = await synthWith((real) => ({
      functions: {
        ...real.functions,
        // Reuses a real handler file: the point is the limits, not the code.
        exampleWorker: { ...real.functions.getPost, timeoutSeconds: 30 },
      },
      queues: { jobs: { visibilityTimeoutSeconds: 60, worker: 'exampleWorker' } },
    }));
    expect(synth).toThrow(/queues\.jobs \[visibility-covers-worker\]/);
    expect(synth).toThrow(/queues\.jobs -> exampleWorker: a queue-triggered worker needs/);
  });
});
