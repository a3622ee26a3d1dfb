import { Validations, type IAspect } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';

/**
 * X-Ray active tracing (`-c tracing=on`) on every Lambda function and every
 * API Gateway stage in the scope, whichever construct built them: a function
 * added later is traced too. Tracing is done by the platform (Lambda and API
 * Gateway record the segments); no X-Ray SDK goes into a bundle, as it
 * reaches end of support in February 2027. Handlers that want their own spans
 * would use OpenTelemetry.
 */
export class ActiveTracing implements IAspect {
  visit(node: IConstruct): void {
    if (node instanceof lambda.Function) {
      (node.node.defaultChild as lambda.CfnFunction).tracingConfig = { mode: 'Active' };
      // What `tracing: Tracing.ACTIVE` grants: the runtime sends segments under the function's role.
      node.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
          resources: ['*'],
        }),
      );
      if (node.role) {
        Validations.of(node.role).acknowledge({
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason:
            'xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level ' +
            'permissions; X-Ray requires Resource "*" for them (only with -c tracing=on).',
        });
      }
    }
    if (node instanceof apigateway.CfnStage) node.tracingEnabled = true;
  }
}
