/**
 * The CDK app: `cdk` runs it (cdk.json's "app") and passes the context in the
 * environment, never as arguments, so it takes none; `--help` only says so.
 */
import { parseCommandLine } from './cli/command-line';

const usage = `usage: npx cdk synth | diff | deploy [-c <key>=<value>...]

bin/app.ts is the CDK app of posts-api (the PostsApiStack stack); cdk runs it,
it takes no arguments. Its choices are CDK context, given to cdk with -c:

  cache=off                deploy without the cache and its VPC (default on)
  partnerApiUrl=https://…  the partner API behind GET /external-data
  apiKeys=on               usage plans with per-client quotas (default off)
  waf=on                   a WAF web ACL with a per-IP rate rule (default off)
  tracing=on               X-Ray tracing on functions and the stage (default off)
  alarmEmail=<address>     where alarm notifications are emailed
`;

parseCommandLine({ name: 'app', usage });

const { App, Validations } = await import('aws-cdk-lib');
const { AwsSolutionsChecks } = await import('cdk-nag');
const { PostsApiStack } = await import('../lib/posts-api-stack');

const app = new App();

new PostsApiStack(app, 'PostsApiStack', {
  // Environment-agnostic unless the CLI names an account: synth works with no credentials.
  env: {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION,
  },
});

// cdk-nag 3 is a policy validation plugin: an unacknowledged AwsSolutions finding fails synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));

app.synth();
