import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PostsApiStack } from '../../lib/posts-api-stack';

export interface CfnResource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
}

type Synth = ReturnType<typeof synthesize>;

// The infra files share one module cache per worker (`isolate: false` in vitest.config.ts),
// and most of them synthesize the same stack: ~3 s of CPU each. A stack once synthesized
// is shared by the files after it in the same worker; they only read it (its template,
// logical ids, construct tree), and a file that changes a stack or its app builds its own.
const synthesized = new Map<string, Synth>();

/**
 * The stack with some CDK context (`-c waf=on`, ...), bundling skipped: synthesized once
 * per worker for each context and stack id, then shared. Read it; never add to it.
 */
export function synthStack(context: Record<string, string> = {}, stackId = 'TestStack'): Synth {
  const key = JSON.stringify([
    stackId,
    Object.entries(context).sort(([a], [b]) => a.localeCompare(b)),
  ]);
  let synth = synthesized.get(key);
  if (!synth) {
    synth = synthesize(context, stackId);
    synthesized.set(key, synth);
  }
  return synth;
}

/** A stack of its own, never shared: for a test that changes the description first. */
export function synthesize(context: Record<string, string> = {}, stackId = 'TestStack') {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const stack = new PostsApiStack(app, stackId);
  const template = Template.fromStack(stack);
  const resources = (template.toJSON() as { Resources: Record<string, CfnResource> }).Resources;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  return { app, stack, template, resources, ofType };
}

/** Every logical id a fragment of template refers to (Ref and Fn::GetAtt). */
export function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.Ref === 'string') return [o.Ref];
    const getAtt = o['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return [getAtt[0]];
    return Object.values(o).flatMap(referencedIds);
  }
  return [];
}

/**
 * A dashboard body as JSON: CloudFormation joins it from strings and
 * references; each reference is rendered `<Ref Id>` so the JSON parses.
 */
export function dashboardBody(body: unknown): DashboardBody {
  const join = (body as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  const text = join[1]
    .map((part) =>
      typeof part === 'string'
        ? part
        : `<Ref ${referencedIds(part).join(',') || JSON.stringify(part).replace(/"/g, "'")}>`,
    )
    .join(join[0]);
  return JSON.parse(text) as DashboardBody;
}

export interface DashboardBody {
  readonly widgets: readonly {
    readonly type: string;
    readonly properties: {
      readonly title?: string;
      readonly markdown?: string;
      readonly metrics?: readonly (readonly unknown[])[];
      readonly annotations?: { readonly horizontal?: readonly { value: number }[] };
    };
  }[];
}
