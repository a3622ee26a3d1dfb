import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Service from '../../lib/service';

/**
 * The stack refuses to synthesize a description that breaks its guardrails.
 * Each case builds the stack from a deliberately broken copy of lib/service.ts
 * (the module mocked for that import only).
 */
async function stackWith(change: (real: typeof Service) => Partial<typeof Service>) {
  vi.resetModules();
  vi.doMock('../../lib/service', async (importOriginal) => {
    const real = await importOriginal<typeof Service>();
    return { ...real, ...change(real) };
  });
  const { PostsApiStack } = await import('../../lib/posts-api-stack');
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  return { app, stack: new PostsApiStack(app, 'Changed') };
}

async function synthWith(change: (real: typeof Service) => Partial<typeof Service>) {
  const { app } = await stackWith(change);
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
      // A shape of its own: the checks read queues whatever their form.
      queues: {
        ...real.queues,
        jobs: { visibilityTimeoutSeconds: 60, worker: 'exampleWorker' },
      } as never,
    }));
    expect(synth).toThrow(/queues\.jobs \[visibility-covers-worker\]/);
    expect(synth).toThrow(/queues\.jobs -> exampleWorker: a queue-triggered worker needs/);
  });

  it("gives API Gateway a route's own integration timeout, within the budget", async () => {
    const template = Template.fromStack(
      (
        await stackWith((real) => ({
          routes: real.routes.map((r) =>
            r.method === 'GET' && r.path === '/posts/{id}'
              ? { ...r, integrationTimeoutMs: 8_000 }
              : r,
          ),
        }))
      ).stack,
    );
    const timeouts = Object.values(template.findResources('AWS::ApiGateway::Method')).map(
      (m) =>
        (m as { Properties: { Integration: { TimeoutInMillis?: number } } }).Properties.Integration
          .TimeoutInMillis,
    );
    expect(timeouts.filter((t) => t !== undefined)).toEqual([8_000]);
  });
});
