import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PostsApiStack } from '../posts-api-stack';
import type { CfnTemplate } from './inventory';

/**
 * The stack's CloudFormation template as `cdk synth` would write it for this
 * CDK context (`{ cache: 'off' }`, ...), in process and without bundling the
 * functions: the cost depends on what is deployed, not on the code's bytes.
 */
export function synthesizedTemplate(context: Record<string, string> = {}): CfnTemplate {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const stack = new PostsApiStack(app, 'PostsApi');
  return Template.fromStack(stack).toJSON() as CfnTemplate;
}
