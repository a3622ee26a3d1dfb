import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { VALIDATE_AGAINST_DEFAULT_RULES } from 'aws-cdk-lib/cx-api';
import { describe, expect, it, onTestFinished } from 'vitest';
import { PostsApiStack } from '../../lib/posts-api-stack';

interface ValidationReport {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly violations: readonly {
      readonly ruleName: string;
      readonly description: string;
      readonly severity: string;
    }[];
  }[];
}

/**
 * Synthesizes `build`'s app with CDK's built-in CloudFormation validation (the rules `cdk
 * synth` checks), its errors failing the synthesis, and returns its findings of any
 * severity. The rest of the suite synthesizes without it (`CDK_VALIDATION=false` in
 * vitest.config.ts): in a test's App it only prints its findings as warnings, at about 1 s
 * of CPU per synthesis and 3 s to load its rules in each worker.
 */
async function validate(build: (app: App) => void, context: Record<string, unknown> = {}) {
  const outdir = await mkdtemp(join(tmpdir(), 'posts-api-validation-'));
  onTestFinished(() => rm(outdir, { recursive: true, force: true }));
  const app = new App({
    outdir,
    context: { 'aws:cdk:bundling-stacks': [], [VALIDATE_AGAINST_DEFAULT_RULES]: true, ...context },
  });
  build(app);
  const disabled = process.env.CDK_VALIDATION;
  delete process.env.CDK_VALIDATION;
  try {
    app.synth();
  } finally {
    if (disabled !== undefined) process.env.CDK_VALIDATION = disabled;
  }
  const report = JSON.parse(
    await readFile(join(outdir, 'validation-report.json'), 'utf8'),
  ) as ValidationReport;
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.map(
      (v) => `${plugin.pluginName} ${v.ruleName} (${v.severity}): ${v.description}`,
    ),
  );
}

describe("CDK's CloudFormation validation", () => {
  // First: its rules load for the resource types of this, the larger stack, and serve the
  // default one too.
  it('finds nothing in the stack with every platform flag on', async () => {
    const allOn = { apiKeys: 'on', waf: 'on', tracing: 'on', alarmEmail: 'ops@example.com' };
    expect(await validate((app) => new PostsApiStack(app, 'TestStack'), allOn)).toEqual([]);
  });

  it('finds nothing in the stack as deployed by default', async () => {
    expect(await validate((app) => new PostsApiStack(app, 'TestStack'))).toEqual([]);
  });

  it('runs here: a queue keeping messages for 10 s (60 s at least) fails the synthesis', async () => {
    await expect(
      validate((app) => {
        new CfnResource(new Stack(app, 'Invalid'), 'Queue', {
          type: 'AWS::SQS::Queue',
          properties: { MessageRetentionPeriod: 10 },
        });
      }),
    ).rejects.toThrow(/MessageRetentionPeriod: 10 is less than the minimum of 60/);
  });
});
