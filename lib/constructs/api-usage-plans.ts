import { CfnOutput } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { service } from '../description';

export interface ApiUsagePlansProps {
  readonly restApi: apigateway.RestApi;
}

/**
 * Per-client quotas (`-c apiKeys=on`): one usage plan per plan in the
 * description, on the stage, and an API key required on every method, so a
 * client without a key is refused (403) and one over its plan gets 429.
 * Keys are issued per client by an operator (docs/operations.md), not here:
 * a key in the template would be one more place to leak it from.
 */
export class ApiUsagePlans extends Construct {
  readonly plans: Readonly<Record<string, apigateway.UsagePlan>>;

  constructor(scope: Construct, id: string, props: ApiUsagePlansProps) {
    super(scope, id);
    const { restApi } = props;
    const stage = service.api.throttle;
    const plans: Record<string, apigateway.UsagePlan> = {};
    for (const [name, plan] of Object.entries(service.api.usagePlans)) {
      // One client may not be allowed more than the whole stage.
      if (
        plan.throttle.rateLimit > stage.rateLimit ||
        plan.throttle.burstLimit > stage.burstLimit
      ) {
        throw new Error(`usage plan ${name}: its throttle may only tighten the stage throttle`);
      }
      plans[name] = restApi.addUsagePlan(name, {
        name: `${service.name}-${name}`,
        description: plan.description,
        throttle: plan.throttle,
        quota: { limit: plan.quota.limit, period: apigateway.Period[plan.quota.period] },
        apiStages: [{ api: restApi, stage: restApi.deploymentStage }],
      });
      new CfnOutput(this, `${name}PlanId`, {
        description: `Usage plan "${name}": add a client's API key to it (docs/operations.md)`,
        value: plans[name].usagePlanId,
      });
    }
    this.plans = plans;

    for (const method of restApi.methods) {
      // A browser's CORS preflight carries no key; it must not need one.
      if (method.httpMethod === 'OPTIONS') continue;
      (method.node.defaultChild as apigateway.CfnMethod).apiKeyRequired = true;
    }
  }
}
