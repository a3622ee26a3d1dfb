import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { PostsApiStack } from '../../lib/posts-api-stack';
import { functions, routes } from '../../lib/description';

function testApp(outdir?: string, cache: 'on' | 'off' = 'on'): App {
  return new App({ outdir, context: { 'aws:cdk:bundling-stacks': [], cache } });
}

interface Acknowledged {
  readonly id: string;
  readonly reason: string;
  readonly path: string;
}

function acknowledgments(root: IConstruct): Acknowledged[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
          id: id.replace(/^annotation::/i, ''),
          reason,
          path: c.node.path,
        })),
      ),
  );
}

describe('cdk-nag AwsSolutions', () => {
  it.each(['on', 'off'] as const)(
    'reports nothing left unacknowledged on the stack (cache=%s)',
    (cache) => {
      const app = testApp(undefined, cache);
      const stack = new PostsApiStack(app, 'NagStack');
      const report = new AwsSolutionsChecks(app, { verbose: true }).validateScope(stack);
      expect(report.violations).toEqual([]);
      expect(report.success).toBe(true);
    },
  );

  it('synthesizes the app with the checks as a validation plugin', async () => {
    const outdir = await mkdtemp(join(tmpdir(), 'posts-api-nag-'));
    onTestFinished(() => rm(outdir, { recursive: true, force: true }));
    const app = testApp(outdir);
    new PostsApiStack(app, 'NagStack');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });

  it('does find a violation when there is one (the check is not vacuous)', async () => {
    const outdir = await mkdtemp(join(tmpdir(), 'posts-api-nag-'));
    onTestFinished(() => rm(outdir, { recursive: true, force: true }));
    const app = testApp(outdir);
    const stack = new Stack(app, 'Bad');
    new iam.Role(stack, 'Wide', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    }).addToPolicy(new iam.PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }));
    const report = new AwsSolutionsChecks(app).validateScope(stack);
    expect(report.violations.map((v) => v.ruleName)).toContain(
      'AwsSolutions-IAM5[Action::dynamodb:*]',
    );
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow();
  });

  it('acknowledges only the expected rules, each with a real reason', () => {
    const app = testApp();
    const stack = new PostsApiStack(app, 'NagStack');
    // CDK itself silences some cfn-lint findings in its VPC and flow-log constructs (literal
    // AZs, a flow log's tag property); those are not ours to review.
    const acks = acknowledgments(stack).filter(
      (a) => !a.id.startsWith('CloudFormation-Validate::'),
    );
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id, ack.path).toMatch(/^AwsSolutions-/);
      expect(ack.reason.trim().length, `${ack.id} at ${ack.path}`).toBeGreaterThanOrEqual(40);
    }
    // A new acknowledgment must be a decision someone makes here, not a quiet addition.
    const rules = new Set(acks.map((a) => a.id.replace(/\[.*\]$/, '')));
    expect([...rules].sort()).toEqual([
      'AwsSolutions-APIG4', // no authorizer: reads are public
      'AwsSolutions-APIG6', // execution logs need the account-wide role
      'AwsSolutions-COG2', // MFA optional, threat protection enforced
      'AwsSolutions-COG4', // same as APIG4
      'AwsSolutions-IAM4', // CDK's bucket-notifications handler only
      'AwsSolutions-IAM5', // table.grant's <table>/index/*; VPC functions' ENIs; media bucket prefixes
      'AwsSolutions-S1', // the access-log bucket does not log itself
    ]);
    // No authorizer is acknowledged on reads only: every write route has one.
    const noAuthorizer = acks.filter((a) => /^AwsSolutions-(APIG4|COG4)$/.test(a.id));
    // Public reads: a GET with an authorizer (a user's own webhooks) needs no acknowledgment.
    const reads = routes.filter((r) => r.method === 'GET' && !r.auth);
    // And the stage's own description, GET /openapi.json (lib/constructs/api-document.ts).
    expect(noAuthorizer).toHaveLength(2 * (reads.length + 1));
    for (const ack of noAuthorizer) expect(ack.path, ack.id).toMatch(/\/GET$/);
    // The only wildcards acknowledged: the table's own index ARN, one media bucket prefix, and
    // the network interface actions of the functions in the VPC (only theirs).
    // CDK's own custom resource that configures the bucket's S3 notification, and nothing else.
    const notificationsHandler = /^NagStack\/BucketNotificationsHandler[0-9a-f]{32}\/Role$/;
    for (const ack of acks.filter((a) => a.id.startsWith('AwsSolutions-IAM4'))) {
      expect(ack.path).toMatch(notificationsHandler);
    }
    const inVpc = Object.entries(functions)
      .filter(([, spec]) => spec.uses?.includes('cache'))
      .map(([name]) => `NagStack/Functions/${name}/Role`);
    for (const ack of acks.filter((a) => a.id.startsWith('AwsSolutions-IAM5'))) {
      if (ack.id === 'AwsSolutions-IAM5[Resource::*]') {
        if (!notificationsHandler.test(ack.path)) expect(inVpc).toContain(ack.path);
        continue;
      }
      expect(ack.id).toMatch(
        /^AwsSolutions-IAM5\[Resource::(<DataTable[0-9A-F]{8}\.Arn>\/index|<MediaBucket[0-9A-F]{8}\.Arn>\/(uploads|media|cards))\/\*\]$/,
      );
    }
    expect(acks.filter((a) => a.id === 'AwsSolutions-IAM5[Resource::*]')).toHaveLength(
      inVpc.length + 1,
    );
    for (const ack of acks.filter((a) => a.id === 'AwsSolutions-S1')) {
      expect(ack.path).toMatch(/\/Media\/AccessLogs$/);
    }
  });
});
