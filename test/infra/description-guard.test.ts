import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Service from '../../lib/description';

/**
 * The stack refuses to synthesize a description that breaks its guardrails.
 * Each case builds the stack from a deliberately broken copy of lib/description
 * (the module mocked for that import only; the guardrails read its
 * `description`, rebuilt here from the changed parts).
 */
async function stackWith(change: (real: typeof Service) => Partial<typeof Service>) {
  vi.resetModules();
  vi.doMock('../../lib/description', async (importOriginal) => {
    const real = await importOriginal<typeof Service>();
    const parts = change(real);
    const { functions, routes, queues } = { ...real, ...parts };
    const description = parts.description ?? { ...real.description, functions, routes, queues };
    return { ...real, ...parts, description };
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
  vi.doUnmock('../../lib/description');
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
      // Only what the guardrails read: the stack never builds this queue.
      description: {
        ...real.description,
        queues: {
          ...real.queues,
          jobs: {
            ...real.queues.analytics,
            worker: { ...real.functions.getPost, timeoutSeconds: 30 },
            visibilityTimeoutSeconds: 60,
          },
        },
      },
    }));
    expect(synth).toThrow(/queues\.jobs \[visibility-covers-worker\]/);
    expect(synth).toThrow(/queues\.jobs -> its worker: a queue-triggered worker needs/);
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
