import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { gatewayResponseHeaders, gatewayResponseTemplate } from '../gateway-response-template';
import {
  gatewayResponses,
  routes,
  service,
  type FunctionName,
  type RouteSpec,
  type SchemaName,
  type Throttle,
} from '../description';
import { methodRequestParameters } from '../contract/gateway-request';
import { requestModel } from '../contract/json-schemas';
import { ApiDocument } from './api-document';
import { retentionOf } from './log-retention';

export interface ApiProps {
  readonly functions: Readonly<Record<FunctionName, lambda.IFunction>>;
  /** Whose ID tokens the routes with `auth: 'user'` accept. */
  readonly userPool: cognito.IUserPool;
}

/** `methodOptions` key API Gateway's stage uses for one method, e.g. `/posts/{id}/DELETE`. */
export function methodOptionsKey(route: Pick<RouteSpec, 'method' | 'path'>): string {
  return `${route.path}/${route.method}`;
}

/** The REST API: one Lambda proxy method per route, throttled and access-logged per stage. */
export class Api extends Construct {
  readonly restApi: apigateway.RestApi;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const stageThrottle = service.api.throttle;

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: retentionOf(service.logRetentionDays),
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const methodOptions: Record<string, apigateway.MethodDeploymentOptions> = {};
    for (const route of routes) {
      if (route.auth && !route.callerLimit) {
        throw new Error(
          `${route.method} ${route.path}: a route with auth: 'user' needs a callerLimit in lib/description/routes.ts`,
        );
      }
      if (!route.throttle) continue;
      assertTightens(route, route.throttle, stageThrottle);
      methodOptions[methodOptionsKey(route)] = {
        throttlingRateLimit: route.throttle.rateLimit,
        throttlingBurstLimit: route.throttle.burstLimit,
      };
    }

    this.restApi = new apigateway.RestApi(this, 'RestApi', {
      restApiName: service.name,
      description: `${service.name}: routes from lib/description`,
      // Clients call it directly from one region; an edge endpoint only adds a CloudFront hop.
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      ...(service.api.binaryMediaTypes.length > 0
        ? { binaryMediaTypes: [...service.api.binaryMediaTypes] }
        : {}),
      // The account-wide API Gateway logging role is not this stack's to own (see APIG6 below).
      cloudWatchRole: false,
      deployOptions: {
        stageName: service.api.stageName,
        throttlingRateLimit: stageThrottle.rateLimit,
        throttlingBurstLimit: stageThrottle.burstLimit,
        methodOptions,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: accessLogFormat(),
      },
    });

    // The stack exports the URL itself under a stable name; RestApi's own generated-name
    // Endpoint output would only duplicate it.
    this.restApi.node.tryRemoveChild('Endpoint');

    const validator = new apigateway.RequestValidator(this, 'Validator', {
      restApi: this.restApi,
      validateRequestBody: true,
      validateRequestParameters: true,
    });

    // One model per request body schema, generated from the zod schema the function parses
    // with: a body it refuses never reaches the function. What draft 4 cannot say (a
    // refinement, a transform) the function still checks (docs/openapi.md).
    const models = new Map<SchemaName, apigateway.Model>();
    const modelOf = (name: SchemaName): apigateway.Model => {
      let model = models.get(name);
      if (!model) {
        model = new apigateway.Model(this, `${name}Model`, {
          restApi: this.restApi,
          modelName: name,
          contentType: 'application/json',
          description: `${name}, from the schema the function parses it with`,
          schema: {
            schema: apigateway.JsonSchemaVersion.DRAFT4,
            ...requestModel(name),
          } as apigateway.JsonSchema,
        });
        models.set(name, model);
      }
      return model;
    };

    const authorizer = new apigateway.CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      cognitoUserPools: [props.userPool],
      identitySource: apigateway.IdentitySource.header('Authorization'),
      // Spelled out, as the local gateway keeps its answers as long (local-authorizer.ts).
      resultsCacheTtl: Duration.seconds(service.auth.authorizerCacheSeconds),
    });

    const integrations = new Map<string, apigateway.LambdaIntegration>();
    for (const route of routes) {
      // One integration per function and integration timeout (the description's, checked
      // against the function's own timeout by lib/timeout-budget.ts).
      const key = `${route.function} ${route.integrationTimeoutMs ?? ''}`;
      let integration = integrations.get(key);
      if (!integration) {
        // No test-invoke permission: the console's test button is not worth a wider grant.
        integration = new apigateway.LambdaIntegration(props.functions[route.function], {
          allowTestInvoke: false,
          ...(route.integrationTimeoutMs !== undefined
            ? { timeout: Duration.millis(route.integrationTimeoutMs) }
            : {}),
        });
        integrations.set(key, integration);
      }
      const method = this.restApi.root
        .resourceForPath(route.path)
        .addMethod(route.method, integration, {
          requestValidator: validator,
          ...authorizationOf(route, authorizer),
          ...(route.body ? { requestModels: { 'application/json': modelOf(route.body) } } : {}),
          requestParameters: methodRequestParameters(route),
        });
      if (!route.auth) acknowledgeNoAuthorizer(method, route);
    }

    // The stage's own description (docs/openapi.json), no function behind it.
    new ApiDocument(this, 'Document', { restApi: this.restApi });

    addProblemResponses(this.restApi);

    // APIG3 (no WAF) is the stack's to acknowledge: only when the web ACL is off.
    Validations.of(this.restApi.deploymentStage).acknowledge({
      id: 'AwsSolutions-APIG6',
      reason:
        'Execution logging needs the account-wide API Gateway CloudWatch role, which this ' +
        'stack must not own; the JSON access log records every request with its error.',
    });
  }

  /** The stage's invoke URL, ending in `/<stage>/`. */
  get url(): string {
    return this.restApi.url;
  }
}

/** A route with `auth: 'user'` takes ID tokens of the user pool (no scopes: ID, not access, tokens). */
function authorizationOf(
  route: RouteSpec,
  authorizer: apigateway.IAuthorizer,
): Pick<apigateway.MethodOptions, 'authorizer' | 'authorizationType'> {
  return route.auth === 'user'
    ? { authorizer, authorizationType: apigateway.AuthorizationType.COGNITO }
    : {};
}

/** Reads stay public by design; a write without an authorizer is refused at synth. */
function acknowledgeNoAuthorizer(method: apigateway.Method, route: RouteSpec): void {
  if (route.method !== 'GET') {
    throw new Error(
      `${route.method} ${route.path}: a route that writes must declare auth: 'user' in lib/description/routes.ts`,
    );
  }
  const reason =
    'Reads are public by design (docs/security.md): posts are public content, no authorizer planned.';
  Validations.of(method).acknowledge(
    { id: 'AwsSolutions-APIG4', reason },
    { id: 'AwsSolutions-COG4', reason },
  );
}

function assertTightens(route: RouteSpec, throttle: Throttle, stage: Throttle): void {
  if (throttle.rateLimit > stage.rateLimit || throttle.burstLimit > stage.burstLimit) {
    throw new Error(
      `${route.method} ${route.path}: a route throttle may only tighten the stage throttle`,
    );
  }
}

function accessLogFormat(): apigateway.AccessLogFormat {
  const f = apigateway.AccessLogField;
  return apigateway.AccessLogFormat.custom(
    JSON.stringify({
      requestId: f.contextRequestId(),
      extendedRequestId: f.contextExtendedRequestId(),
      requestTime: f.contextRequestTime(),
      ip: f.contextIdentitySourceIp(),
      // The signed-in caller (Cognito's sub) on routes with auth: 'user'; "-" elsewhere.
      sub: f.contextAuthorizerClaims('sub'),
      userAgent: f.contextIdentityUserAgent(),
      httpMethod: f.contextHttpMethod(),
      resourcePath: f.contextResourcePath(),
      path: f.contextPath(),
      protocol: f.contextProtocol(),
      status: f.contextStatus(),
      responseLength: f.contextResponseLength(),
      responseLatency: f.contextResponseLatency(),
      integrationLatency: f.contextIntegrationLatency(),
      integrationStatus: f.contextIntegrationStatus(),
      integrationError: f.contextIntegrationErrorMessage(),
      errorMessage: f.contextErrorMessage(),
      // THROTTLED, BAD_REQUEST_BODY, ...: tells a 429 or 400 from API Gateway from one of ours.
      errorType: f.contextErrorResponseType(),
      // With -c apiKeys=on: whose quota a QUOTA_EXCEEDED or THROTTLED answer was counted against.
      apiKeyId: f.contextIdentityApiKeyId(),
      // With -c waf=on: WAF_BLOCK when the per-IP rate rule answered the 429.
      wafResponseCode: f.contextWafResponseCode(),
      // With -c tracing=on: the X-Ray trace of this request.
      xrayTraceId: f.contextXrayTraceId(),
    }),
  );
}

/**
 * API Gateway answers some requests itself (validation, throttling, unknown routes); those
 * answers get the same RFC 9457 shape and content type as the functions' own errors. The
 * definitions are the description's, which the local gateway answers with too.
 */
function addProblemResponses(api: apigateway.RestApi): void {
  for (const r of gatewayResponses) {
    api.addGatewayResponse(r.type, {
      type: apigateway.ResponseType.of(r.type),
      ...(r.status ? { statusCode: String(r.status) } : {}),
      responseHeaders: Object.fromEntries(
        Object.entries(gatewayResponseHeaders(r)).map(([k, v]) => [k, `'${v}'`]),
      ),
      templates: { 'application/json': gatewayResponseTemplate(r) },
    });
  }
}
