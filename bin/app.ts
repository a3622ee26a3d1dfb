import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PostsApiStack } from '../lib/posts-api-stack';

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
