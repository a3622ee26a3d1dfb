import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct, IValidation } from 'constructs';

/**
 * The construct-level twin of lib/worker-concurrency.ts: every function that
 * an event source mapping (an SQS queue, a stream) invokes in this scope has
 * reserved concurrency, at least the mapping's maximum concurrency. It holds
 * whichever construct builds the worker, so a new one cannot slip by.
 */
export class EventSourceConcurrency implements IValidation {
  constructor(private readonly scope: IConstruct) {}

  validate(): string[] {
    const all = this.scope.node.findAll();
    const functions = all.filter((c): c is lambda.Function => c instanceof lambda.Function);
    const errors: string[] = [];
    for (const mapping of all) {
      if (!(mapping instanceof lambda.CfnEventSourceMapping)) continue;
      const target = functions.find(
        (fn) => fn.functionName === mapping.functionName || fn.functionArn === mapping.functionName,
      );
      if (!target) continue; // a function from outside this stack: its own stack answers for it
      const reserved = (target.node.defaultChild as lambda.CfnFunction)
        .reservedConcurrentExecutions;
      const scaling = mapping.scalingConfig as lambda.CfnEventSourceMapping.ScalingConfigProperty;
      const maximum = scaling?.maximumConcurrency;
      if (reserved === undefined) {
        errors.push(
          `${target.node.path} is triggered by ${mapping.node.path} but has no reserved concurrency: a flood of events could take the API's Lambda concurrency`,
        );
      } else if (typeof maximum === 'number' && maximum > reserved) {
        errors.push(
          `${mapping.node.path}: maximum concurrency ${maximum} is over ${target.node.path}'s reserved ${reserved}`,
        );
      }
    }
    return errors;
  }
}
