import { Validations } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { service } from '../description';

/** WAF's choices for the window a rate-based rule counts over. */
const WINDOWS = [60, 120, 300, 600];
/** WAF's lowest rate-based limit. */
const MIN_LIMIT = 10;

export interface ApiFirewallProps {
  readonly stage: apigateway.Stage;
}

/**
 * An AWS WAF web ACL on the stage (`-c waf=on`) with one rule: a client IP
 * over `service.api.waf.requestsPerIp` in its window is answered 429, before
 * API Gateway or any function runs. Stage throttling bounds the total; this
 * keeps one client from using all of it.
 */
export class ApiFirewall extends Construct {
  static readonly RATE_RULE = 'rate-per-ip';
  readonly webAcl: wafv2.CfnWebACL;
  /** The web ACL's CloudWatch metric name (AWS/WAFV2, dimension WebACL). */
  readonly metricName = `${service.name}-waf`;

  constructor(scope: Construct, id: string, props: ApiFirewallProps) {
    super(scope, id);
    const { requestsPerIp, windowSeconds } = service.api.waf;
    if (!WINDOWS.includes(windowSeconds)) {
      throw new Error(`waf.windowSeconds ${windowSeconds}: WAF counts over ${WINDOWS.join(', ')}`);
    }
    if (!(requestsPerIp >= MIN_LIMIT)) {
      throw new Error(`waf.requestsPerIp ${requestsPerIp}: WAF's lowest limit is ${MIN_LIMIT}`);
    }

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      description: `${service.name}: at most ${requestsPerIp} requests per IP per ${windowSeconds} s`,
      defaultAction: { allow: {} },
      visibilityConfig: {
        cloudWatchMetricsEnabled: true,
        metricName: this.metricName,
        sampledRequestsEnabled: true,
      },
      // The same RFC 9457 shape as every other refusal of the API.
      customResponseBodies: {
        throttled: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({
            type: '/problems/throttled',
            title: 'Too Many Requests',
            status: 429,
            detail: `More than ${requestsPerIp} requests from this address in ${windowSeconds} seconds.`,
          }),
        },
      },
      rules: [
        {
          name: ApiFirewall.RATE_RULE,
          priority: 0,
          statement: {
            rateBasedStatement: {
              limit: requestsPerIp,
              aggregateKeyType: 'IP',
              evaluationWindowSec: windowSeconds,
            },
          },
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                customResponseBodyKey: 'throttled',
                // WAF re-checks the rate continuously; a minute is a fair first wait.
                responseHeaders: [{ name: 'Retry-After', value: '60' }],
              },
            },
          },
          visibilityConfig: {
            cloudWatchMetricsEnabled: true,
            metricName: ApiFirewall.RATE_RULE,
            sampledRequestsEnabled: true,
          },
        },
      ],
    });

    new wafv2.CfnWebACLAssociation(this, 'StageAssociation', {
      resourceArn: props.stage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}

/** Without the web ACL (the default), cdk-nag's APIG3 is acknowledged, with the reason. */
export function acknowledgeNoFirewall(stage: apigateway.Stage): void {
  Validations.of(stage).acknowledge({
    id: 'AwsSolutions-APIG3',
    reason:
      'Stage and per-method throttling bound the request rate; the WAF web ACL with a per-IP ' +
      'rate rule is optional (-c waf=on), as each web ACL has a monthly cost.',
  });
}
