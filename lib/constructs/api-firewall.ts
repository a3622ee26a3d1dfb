import { Validations } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { addressThrottledBody, publicReads, service } from '../description';

/** WAF's choices for the window a rate-based rule counts over. */
const WINDOWS = [60, 120, 300, 600];
/** WAF's lowest rate-based limit. */
const MIN_LIMIT = 10;

export interface ApiFirewallProps {
  readonly stage: apigateway.Stage;
}

/**
 * An AWS WAF web ACL on the stage (on by default; `-c waf=off` leaves it out)
 * with one rule on the public reads (`publicReads`: GET without sign-in): a
 * client IP over `service.api.waf.requestsPerIp` of them in its window is
 * answered 429, before API Gateway or any function runs. Stage throttling
 * bounds the total; this keeps one client from using all of it. The signed-in
 * routes are outside its scope: they are limited per user (`callerLimit`), so
 * users behind one address (an office, a carrier's NAT) do not share a limit.
 */
export class ApiFirewall extends Construct {
  static readonly RATE_RULE = service.api.waf.ruleMetricName;
  readonly webAcl: wafv2.CfnWebACL;
  /** The web ACL's CloudWatch metric name (AWS/WAFV2, dimension WebACL). */
  readonly metricName = service.api.waf.webAclMetricName;

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
      description: `${service.name}: at most ${requestsPerIp} public reads per IP per ${windowSeconds} s`,
      defaultAction: { allow: {} },
      visibilityConfig: {
        cloudWatchMetricsEnabled: true,
        metricName: this.metricName,
        sampledRequestsEnabled: true,
      },
      // The same RFC 9457 shape as every other refusal of the API.
      customResponseBodies: {
        throttled: { contentType: 'APPLICATION_JSON', content: addressThrottledBody },
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
              // Only the public reads are counted (and so refused).
              scopeDownStatement: publicReadsStatement(),
            },
          },
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                customResponseBodyKey: 'throttled',
                // WAF answers a blocked request itself: no API Gateway or function header is
                // added, so the headers every answer carries are set here.
                responseHeaders: [
                  { name: 'Retry-After', value: String(service.api.waf.retryAfterSeconds) },
                  { name: 'X-Content-Type-Options', value: 'nosniff' },
                ],
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

/**
 * A GET whose path is one of the public reads, with or without the stage in front
 * (`/v1/posts/…` on the stage's URL, `/posts/…` behind a custom domain).
 */
function publicReadsStatement(): wafv2.CfnWebACL.StatementProperty {
  const paths = publicReads.map((r) => r.path.replace(/\{[^}]+\}/g, '[^/]+'));
  const pattern = `^(/${service.api.stageName})?(${[...new Set(paths)].join('|')})/?$`;
  return {
    andStatement: {
      statements: [
        {
          byteMatchStatement: {
            fieldToMatch: { method: {} },
            positionalConstraint: 'EXACTLY',
            searchString: 'GET',
            textTransformations: [{ priority: 0, type: 'NONE' }],
          },
        },
        {
          regexMatchStatement: {
            fieldToMatch: { uriPath: {} },
            regexString: pattern,
            textTransformations: [{ priority: 0, type: 'NONE' }],
          },
        },
      ],
    },
  };
}

/** Without the web ACL (`-c waf=off`), cdk-nag's APIG3 is acknowledged, with the reason. */
export function acknowledgeNoFirewall(stage: apigateway.Stage): void {
  Validations.of(stage).acknowledge({
    id: 'AwsSolutions-APIG3',
    reason:
      'Stage and per-method throttling bound the request rate; the WAF web ACL with a per-IP ' +
      'rate rule on the public reads is deployed by default and left out only of a dev stack ' +
      '(-c waf=off), for its monthly cost.',
  });
}
