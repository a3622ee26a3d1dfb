import { readFile } from 'node:fs/promises';
import { App, CfnElement } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCdkNotificationsHandler } from '../support/cdk-notifications-handler';
import { synthStack } from '../support/synth';
import { retentionOf } from '../../lib/constructs/log-retention';
import { queryParameters, requestModel } from '../../lib/contract/json-schemas';
import { PostsApiStack } from '../../lib/posts-api-stack';
import {
  environmentVariable,
  functionEnvironment,
  functions,
  queueEnvironment,
  routes,
  service,
  type FunctionName,
  type IndexSpec,
  type RouteSpec,
  type QueueName,
} from '../../lib/description';

interface CfnResource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

const functionNames = Object.keys(functions) as FunctionName[];

let stack: PostsApiStack;
let template: Template;
let resources: Record<string, CfnResource>;

beforeAll(() => {
  // No bundling: the template is what matters here, and esbuild would cost seconds per function.
  ({ stack, template } = synthStack());
  resources = (template.toJSON() as { Resources: Record<string, CfnResource> }).Resources;
});

function logicalId(construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement);
}

function ofType(type: string): [string, CfnResource][] {
  return Object.entries(resources).filter(([, r]) => r.Type === type);
}

function resource(id: string): CfnResource {
  const found = resources[id];
  if (!found) throw new Error(`no resource ${id}`);
  return found;
}

/** Every logical id a fragment of template refers to (Ref and Fn::GetAtt). */
function referencedIds(value: unknown): string[] {
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

const tableId = () => logicalId(stack.postsTable.table);
const userPoolId = () => logicalId(stack.users.userPool);
const clientId = () => logicalId(stack.users.client);
function authorizerId(): string {
  const [[id] = []] = ofType('AWS::ApiGateway::Authorizer');
  return id ?? '';
}
const functionId = (name: FunctionName) => logicalId(stack.functions.byName[name]);
const queueId = (name: QueueName) => logicalId(stack.jobQueues.byName[name].queue);

describe('functions', () => {
  it("has one Lambda function per function in the description, and no other but CDK's bucket-notifications handler", () => {
    const ids = ofType('AWS::Lambda::Function').map(([id]) => id);
    expect(ids.filter((id) => !isCdkNotificationsHandler(id))).toHaveLength(functionNames.length);
    expect(ids.filter(isCdkNotificationsHandler)).toHaveLength(1);
  });

  it.each(functionNames)('%s: runtime, architecture, limits and environment', (name) => {
    const spec = functions[name];
    const props = resource(functionId(name)).Properties;
    expect(props.Runtime).toBe('nodejs24.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.MemorySize).toBe(spec.memoryMb);
    expect(props.Timeout).toBe(spec.timeoutSeconds);
    // The route is written once, in routes.ts; the deployed description names it.
    const route = routes.find((r) => r.function === name);
    expect(props.Description).toBe(
      route ? `${route.method} ${route.path}: ${spec.description}` : spec.description,
    );
    const reserved: number | undefined = (spec as { reservedConcurrency?: number })
      .reservedConcurrency;
    expect(props.ReservedConcurrentExecutions).toBe(reserved);
    expect(props.Handler).toBe('index.handler');
    // Exactly the variables the description gives this function (values of the cache's are
    // tokens), plus the URLs of the queues it sends to or consumes as a worker.
    const described = {
      ...functionEnvironment(
        {
          tableName: 'x',
          cache: { url: 'u', iamUser: 'u', name: 'n' },
          queueUrls: {},
          mediaBucket: 'b',
          secretsKey: 'k',
        },
        spec,
      ),
      ...queueEnvironment(name, (queue) => ({ Ref: queueId(queue) }) as unknown as string),
    };
    const variables = (props.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(variables).sort()).toEqual(Object.keys(described).sort());
    // …each declared in the environment contract as the stack's to write.
    for (const key of Object.keys(variables)) {
      expect(environmentVariable(key)?.writtenBy, key).toBe('stack');
    }
    expect(variables.TABLE_NAME).toEqual({ Ref: tableId() });
    expect(variables.NODE_OPTIONS).toBe(described.NODE_OPTIONS);
    if (described.MEDIA_BUCKET) {
      expect(variables.MEDIA_BUCKET).toEqual({ Ref: logicalId(stack.media.bucket) });
    }
    if (described.WEBHOOK_SECRETS_KEY) {
      const [keyId] = ofType('AWS::KMS::Key').map(([id]) => id);
      expect(referencedIds(variables.WEBHOOK_SECRETS_KEY)).toEqual([keyId]);
    }
    for (const queue of Object.keys(described).filter((k) => k.endsWith('_QUEUE_URL'))) {
      expect(variables[queue]).toEqual(described[queue]);
    }
  });

  it.each(functionNames)('%s: logs to its own log group', (name) => {
    const props = resource(functionId(name)).Properties;
    const [groupId] = referencedIds(props.LoggingConfig);
    expect(resource(groupId ?? '').Type).toBe('AWS::Logs::LogGroup');
    const others = functionNames.filter((n) => n !== name).map(functionId);
    for (const other of others) {
      expect(referencedIds(resource(other).Properties.LoggingConfig)).not.toContain(groupId);
    }
  });
});

describe('least privilege', () => {
  function roleId(name: FunctionName): string {
    const [id] = referencedIds(resource(functionId(name)).Properties.Role);
    return id ?? '';
  }

  function statementsOf(role: string): Statement[] {
    return ofType('AWS::IAM::Policy')
      .filter(([, p]) => referencedIds(p.Properties.Roles).includes(role))
      .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  }

  const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

  /**
   * Every function's DynamoDB statements, pinned: the actions, where (the table's items by
   * partition key prefix, or an index), nothing else. A change to a function's table rights
   * changes this list, on purpose.
   */
  const R = ['dynamodb:GetItem'];
  const limit = { actions: ['dynamodb:UpdateItem'], on: 'table', keys: ['LIMIT#*'] };
  const items = (actions: string[], ...keys: string[]) => ({ actions, on: 'table', keys });
  const query = (...indexes: string[]) => ({ actions: ['dynamodb:Query'], on: indexes });
  const pinned: Record<FunctionName, { actions: string[]; on: unknown; keys?: string[] }[]> = {
    createPost: [
      items([...R, 'dynamodb:PutItem', 'dynamodb:UpdateItem'], 'POST#*', 'IDEMPOTENCY#*'),
      limit,
    ],
    getPost: [items(['dynamodb:Query'], 'POST#*')],
    getPostProcessing: [items(['dynamodb:Query'], 'POST#*'), limit],
    listPosts: [query('byAuthor', 'feed')],
    deletePost: [
      items(
        ['dynamodb:DeleteItem', ...R, 'dynamodb:Query', 'dynamodb:UpdateItem'],
        'POST#*',
        'STATS#*',
      ),
      limit,
    ],
    externalData: [items([...R, 'dynamodb:PutItem'], 'PARTNER#*')],
    // GET /health/details is signed in, so it counts its callers.
    health: [items(R, 'HEALTH', 'HEALTH#*'), limit],
    requestMediaUpload: [
      items(['dynamodb:UpdateItem', 'dynamodb:PutItem', ...R, 'dynamodb:DeleteItem'], 'POST#*'),
      limit,
    ],
    analyzeText: [items(['dynamodb:PutItem', 'dynamodb:DeleteItem'], 'JOB#*'), limit],
    getJob: [items(R, 'JOB#*'), limit],
    getStats: [items([...R, 'dynamodb:Query'], 'STATS#*')],
    createWebhook: [
      items(['dynamodb:PutItem', 'dynamodb:UpdateItem'], 'WEBHOOK#*', 'WEBHOOKS#*'),
      limit,
      query('byAuthor'),
    ],
    listWebhooks: [limit, query('byAuthor')],
    deleteWebhook: [
      items(['dynamodb:DeleteItem', ...R, 'dynamodb:UpdateItem'], 'WEBHOOK#*', 'WEBHOOKS#*'),
      limit,
    ],
    // A webhook and its deliveries share its partition.
    listWebhookDeliveries: [items([...R, 'dynamodb:Query'], 'WEBHOOK#*'), limit],
    enableWebhook: [items([...R, 'dynamodb:UpdateItem'], 'WEBHOOK#*'), limit],
    sweepFollowUps: [items([...R, 'dynamodb:UpdateItem'], 'POST#*'), query('unsent')],
    cacheProbe: [items(['dynamodb:PutItem'], 'HEALTH#*')],
    analyticsWorker: [items([...R, 'dynamodb:UpdateItem'], 'JOB#*', 'STATS#*', 'POST#*')],
    notificationsWorker: [
      items(
        [...R, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
        'JOB#*',
        'POST#*',
        'WEBHOOK#*',
      ),
      query('byAuthor'),
    ],
    webhookDeliveriesWorker: [items([...R, 'dynamodb:UpdateItem'], 'WEBHOOK#*')],
    textAnalysisWorker: [items([...R, 'dynamodb:UpdateItem'], 'JOB#*')],
    imageWorker: [items([...R, 'dynamodb:UpdateItem'], 'POST#*')],
    mediaWorker: [items([...R, 'dynamodb:UpdateItem'], 'POST#*')],
  };

  /** A DynamoDB statement as the pin above writes it. */
  function pinOf(s: Statement) {
    const resources = (Array.isArray(s.Resource) ? s.Resource : [s.Resource]) as unknown[];
    const indexes = resources.map((r) => {
      const join = (r as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
      const tail = join ? String(join[1].at(-1)) : '';
      return /\/index\/(\w+)$/.exec(tail)?.[1];
    });
    const condition = (s as { Condition?: Record<string, Record<string, string[]>> }).Condition;
    const keys = condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
    return indexes.every((i) => i !== undefined)
      ? { actions: actions(s), on: indexes }
      : { actions: actions(s), on: 'table', keys };
  }

  it.each(functionNames)('%s: exactly its pinned DynamoDB statements, nothing else', (name) => {
    const onTable = statementsOf(roleId(name)).filter((s) =>
      actions(s).some((a) => a.startsWith('dynamodb:')),
    );
    expect(onTable.every((s) => s.Effect === 'Allow')).toBe(true);
    // Every grant names this table (no other table, no "*").
    for (const s of onTable) expect([...new Set(referencedIds(s.Resource))]).toEqual([tableId()]);
    const sortPin = (p: { actions: string[]; on: unknown; keys?: string[] }) => ({
      ...p,
      actions: [...p.actions].sort(),
      ...(p.keys ? { keys: [...p.keys].sort() } : {}),
    });
    const key = (p: unknown) => JSON.stringify(p);
    expect(onTable.map(pinOf).map(sortPin).map(key).sort()).toEqual(
      pinned[name].map(sortPin).map(key).sort(),
    );
  });

  it('only the function that registers webhooks may seal their secrets, only those that sign open them', () => {
    const kmsActions = (name: FunctionName) =>
      statementsOf(roleId(name))
        .flatMap(actions)
        .filter((a) => a.startsWith('kms:'));
    for (const name of functionNames) {
      const expected =
        name === 'createWebhook'
          ? ['kms:Encrypt']
          : // The deliveries sign callbacks; enabling signs a new challenge. The fan-out signs nothing.
            name === 'webhookDeliveriesWorker' || name === 'enableWebhook'
            ? ['kms:Decrypt']
            : [];
      expect(kmsActions(name), name).toEqual(expected);
    }
    const [[, key] = []] = ofType('AWS::KMS::Key');
    expect(key?.Properties.EnableKeyRotation).toBe(true);
  });

  it('no function reaches the whole table: every grant on the items names its key prefixes', () => {
    for (const name of functionNames) {
      for (const s of statementsOf(roleId(name)).filter((s) =>
        actions(s).some((a) => a.startsWith('dynamodb:')),
      )) {
        const pin = pinOf(s);
        if (pin.on === 'table') expect(pin.keys?.length, name).toBeGreaterThan(0);
      }
    }
  });

  it.each(functionNames)('%s: no managed policies, no Resource "*"', (name) => {
    const role = resource(roleId(name));
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    // In-VPC functions: Lambda's network interface actions, which take no resource (cache-stack tests).
    const eni = (s: Statement) => actions(s).every((a) => a.startsWith('ec2:'));
    for (const s of statementsOf(roleId(name)).filter((s) => !eni(s))) {
      expect(s.Resource).not.toBe('*');
      expect(actions(s).some((a) => a.includes('*'))).toBe(false);
    }
  });

  it.each(functionNames)('%s: writes logs only to its own log group', (name) => {
    const [groupId] = referencedIds(resource(functionId(name)).Properties.LoggingConfig);
    const logStatements = statementsOf(roleId(name)).filter((s) =>
      actions(s).some((a) => a.startsWith('logs:')),
    );
    expect(logStatements.flatMap(actions).sort()).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ]);
    for (const s of logStatements) expect(referencedIds(s.Resource)).toEqual([groupId]);
  });

  it('grants nothing on the table to any role but the functions', () => {
    const functionRoles = new Set(functionNames.map(roleId));
    for (const [, policy] of ofType('AWS::IAM::Policy')) {
      const doc = policy.Properties.PolicyDocument as { Statement: Statement[] };
      if (doc.Statement.some((s) => referencedIds(s.Resource).includes(tableId()))) {
        for (const role of referencedIds(policy.Properties.Roles)) {
          expect(functionRoles).toContain(role);
        }
      }
    }
  });
});

describe('table', () => {
  it('is on-demand, recoverable, encrypted, with TTL and the described keys', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    const { table } = service;
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
      KeySchema: [
        { AttributeName: table.partitionKey, KeyType: 'HASH' },
        { AttributeName: table.sortKey, KeyType: 'RANGE' },
      ],
    });
  });

  it('has one GSI per index in the description, projecting what its query reads', () => {
    const gsis = resource(tableId()).Properties.GlobalSecondaryIndexes;
    expect(gsis).toEqual(
      (Object.entries(service.table.indexes) as [string, IndexSpec][]).map(([name, index]) => ({
        IndexName: name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: index.include
          ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.include] }
          : { ProjectionType: 'KEYS_ONLY' },
      })),
    );
  });

  it('is retained when the stack is deleted or the table replaced', () => {
    const table = resource(tableId());
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
  });
});

describe('REST API', () => {
  /** `/posts/{id}` of a method, rebuilt from the Resource chain up to the API root. */
  function pathOf(resourceRef: unknown): string {
    const ref = resourceRef as { Ref?: string };
    if (!ref.Ref) return ''; // Fn::GetAtt RootResourceId: the root itself
    const r = resource(ref.Ref).Properties;
    return `${pathOf(r.ParentId)}/${String(r.PathPart)}`;
  }

  function methods() {
    return ofType('AWS::ApiGateway::Method').map(([, m]) => ({
      key: `${String(m.Properties.HttpMethod)} ${pathOf(m.Properties.ResourceId) || '/'}`,
      props: m.Properties,
    }));
  }

  function methodFor(method: string, path: string) {
    const found = methods().find((m) => m.key === `${method} ${path}`);
    if (!found) throw new Error(`no method ${method} ${path}`);
    return found.props;
  }

  it('has a method for every route, and its own description, and no others', () => {
    template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
    expect(
      methods()
        .map((m) => m.key)
        .sort(),
    ).toEqual([...routes.map((r) => `${r.method} ${r.path}`), 'GET /openapi.json'].sort());
  });

  it('publishes docs/openapi.json at GET /openapi.json, answered by API Gateway itself', async () => {
    const props = methodFor('GET', '/openapi.json');
    expect(props.AuthorizationType).toBe('NONE');
    const integration = props.Integration as {
      Type: string;
      IntegrationResponses: { StatusCode: string; ResponseTemplates: Record<string, string> }[];
    };
    expect(integration.Type).toBe('MOCK');
    const template = integration.IntegrationResponses[0]?.ResponseTemplates['application/json'];
    const encoded = /^\$util\.base64Decode\("([A-Za-z0-9+/=]+)"\)$/.exec(template ?? '')?.[1];
    const committed = await readFile(new URL('../../docs/openapi.json', import.meta.url), 'utf8');
    expect(Buffer.from(encoded ?? '', 'base64').toString('utf8')).toBe(committed);
    // API Gateway's limit on a mapping template.
    expect((template ?? '').length).toBeLessThan(300 * 1024);
  });

  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: Lambda proxy to its function, validated',
    (_, route) => {
      const props = methodFor(route.method, route.path);
      const integration = props.Integration as { Type: string; Uri: unknown };
      expect(integration.Type).toBe('AWS_PROXY');
      const targets = referencedIds(integration.Uri).filter((id) => !id.startsWith('AWS::'));
      expect(targets).toEqual([functionId(route.function)]);
      if (route.auth === 'user') {
        expect(props.AuthorizationType).toBe('COGNITO_USER_POOLS');
        expect(props.AuthorizerId).toEqual({ Ref: authorizerId() });
      } else {
        expect(props.AuthorizationType).toBe('NONE');
        expect(props.AuthorizerId).toBeUndefined();
      }
      const [validatorId] = referencedIds(props.RequestValidatorId);
      expect(resource(validatorId ?? '').Properties).toMatchObject({
        ValidateRequestBody: true,
        ValidateRequestParameters: true,
      });
      // Every path parameter required; each query parameter as its schema says.
      const pathNames = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(props.RequestParameters ?? {}).toEqual({
        ...Object.fromEntries(pathNames.map((name) => [`method.request.path.${name}`, true])),
        ...Object.fromEntries(
          (route.query ? queryParameters(route.query) : []).map((p) => [
            `method.request.querystring.${p.name}`,
            p.required,
          ]),
        ),
      });
      if (route.body) {
        const [modelId] = referencedIds(props.RequestModels);
        const model = resource(modelId ?? '').Properties;
        expect(model.ContentType).toBe('application/json');
        expect(model.Name).toBe(route.body);
        expect(model.Schema).toEqual({
          $schema: 'http://json-schema.org/draft-04/schema#',
          ...requestModel(route.body),
        });
      } else {
        expect(props.RequestModels).toBeUndefined();
      }
    },
  );

  it('lets API Gateway invoke each function only through its own methods', () => {
    const permissions = ofType('AWS::Lambda::Permission').filter(
      ([, p]) => p.Properties.Principal === 'apigateway.amazonaws.com',
    );
    // One per method, scoped to the deployed stage (no test-invoke permission).
    expect(permissions).toHaveLength(routes.length);
    const granted = permissions.map(([, p]) => {
      expect(p.Properties.Principal).toBe('apigateway.amazonaws.com');
      const parts = (p.Properties.SourceArn as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
      expect(referencedIds(parts)).toContain(logicalId(stack.api.restApi.deploymentStage));
      const [fnId] = referencedIds(p.Properties.FunctionName);
      return `${fnId} ${String(parts.at(-1))}`;
    });
    expect(granted.sort()).toEqual(
      routes
        // A permission's source ARN has `*` where the route has a path parameter.
        .map((r) => `${functionId(r.function)} /${r.method}${r.path.replace(/\{[^}]+\}/g, '*')}`)
        .sort(),
    );
  });

  it(`has stage ${service.api.stageName} with JSON access logs`, () => {
    template.resourceCountIs('AWS::ApiGateway::Stage', 1);
    const [[, stage] = []] = ofType('AWS::ApiGateway::Stage');
    const props = stage?.Properties ?? {};
    expect(props.StageName).toBe(service.api.stageName);
    expect(props.TracingEnabled).toBeUndefined();
    const access = props.AccessLogSetting as { DestinationArn: unknown; Format: string };
    const [groupId] = referencedIds(access.DestinationArn);
    expect(resource(groupId ?? '').Type).toBe('AWS::Logs::LogGroup');
    const format = JSON.parse(access.Format) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      httpMethod: '$context.httpMethod',
      resourcePath: '$context.resourcePath',
      status: '$context.status',
      responseLatency: '$context.responseLatency',
      integrationLatency: '$context.integrationLatency',
      errorMessage: '$context.error.message',
      errorType: '$context.error.responseType',
    });
  });

  it('throttles the stage and every route that overrides it, and nothing else', () => {
    const [[, stage] = []] = ofType('AWS::ApiGateway::Stage');
    const settings = (stage?.Properties.MethodSettings ?? []) as Record<string, unknown>[];
    const expected = [
      {
        HttpMethod: '*',
        ResourcePath: '/*',
        ThrottlingRateLimit: service.api.throttle.rateLimit,
        ThrottlingBurstLimit: service.api.throttle.burstLimit,
      },
      ...routes.flatMap((r) =>
        r.throttle
          ? [
              {
                HttpMethod: r.method,
                // A MethodSetting escapes `/` in the resource path as `~1`.
                ResourcePath: `/${r.path.replaceAll('/', '~1')}`,
                ThrottlingRateLimit: r.throttle.rateLimit,
                ThrottlingBurstLimit: r.throttle.burstLimit,
              },
            ]
          : [],
      ),
    ];
    expect(settings).toHaveLength(expected.length);
    for (const e of expected) expect(settings).toContainEqual(expect.objectContaining(e));
  });

  it('answers its own errors as problem+json, 429 with Retry-After', () => {
    const responses = ofType('AWS::ApiGateway::GatewayResponse').map(([, r]) => r.Properties);
    const types = responses.map((r) => r.ResponseType);
    expect(types).toEqual(
      expect.arrayContaining(['BAD_REQUEST_BODY', 'THROTTLED', 'DEFAULT_4XX', 'DEFAULT_5XX']),
    );
    for (const r of responses) {
      expect(r.ResponseParameters).toMatchObject({
        'gatewayresponse.header.Content-Type': "'application/problem+json'",
      });
      const body = (r.ResponseTemplates as Record<string, string>)['application/json'] ?? '';
      // The template must still be JSON once API Gateway fills in its quoted message.
      const filled = body
        .replace('$context.error.messageString', '"a message"')
        .replace('$context.requestId', 'id');
      expect(JSON.parse(filled)).toMatchObject({ type: expect.stringMatching(/^\/problems\//) });
    }
    // A body the model refuses: the detail carries API Gateway's validation errors, which name
    // the field; they come with their quotes escaped, so the filled template stays JSON.
    const badBody = responses.find((r) => r.ResponseType === 'BAD_REQUEST_BODY');
    const badBodyTemplate = (badBody?.ResponseTemplates as Record<string, string>)[
      'application/json'
    ];
    expect(badBodyTemplate).toContain(
      '"$context.error.message: $context.error.validationErrorString"',
    );
    const filled = (badBodyTemplate ?? '')
      .replace('$context.error.message', 'Invalid request body')
      .replace(
        '$context.error.validationErrorString',
        '[object has missing required properties ([\\"content\\"])]',
      )
      .replace('$context.requestId', 'id');
    expect(JSON.parse(filled)).toMatchObject({
      status: 400,
      detail: 'Invalid request body: [object has missing required properties (["content"])]',
    });
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNAUTHORIZED',
      StatusCode: '401',
      ResponseParameters: Match.objectLike({
        'gatewayresponse.header.WWW-Authenticate': "'Bearer'",
      }),
    });
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'THROTTLED',
      StatusCode: '429',
      ResponseParameters: Match.objectLike({ 'gatewayresponse.header.Retry-After': "'1'" }),
    });
  });
});

describe('sign-in', () => {
  const writeRoutes = routes.filter((r) => r.method !== 'GET');

  it('puts the Cognito authorizer on exactly the routes the description marks auth: user', () => {
    const methods = ofType('AWS::ApiGateway::Method').map(([, m]) => m.Properties);
    const authorized = methods.filter((m) => m.AuthorizationType === 'COGNITO_USER_POOLS');
    expect(authorized).toHaveLength(routes.filter((r) => r.auth === 'user').length);
    // The public routes, and the stage's own description (GET /openapi.json).
    expect(methods.filter((m) => m.AuthorizationType === 'NONE')).toHaveLength(
      routes.filter((r) => !r.auth).length + 1,
    );
    for (const m of authorized) expect(m.AuthorizerId).toEqual({ Ref: authorizerId() });
  });

  it("marks every write route of the description; reads are public but for what is the caller's own", () => {
    expect(writeRoutes.length).toBeGreaterThan(0);
    for (const r of writeRoutes) expect(r.auth, `${r.method} ${r.path}`).toBe('user');
    const privateReads = [
      'GET /webhooks',
      'GET /jobs/{id}',
      'GET /health/details',
      'GET /posts/{id}/processing',
      'GET /webhooks/{id}/deliveries',
    ];
    for (const r of routes.filter((r) => r.method === 'GET')) {
      const key = `${r.method} ${r.path}`;
      expect(r.auth, key).toBe(privateReads.includes(key) ? 'user' : undefined);
    }
  });

  it('has one authorizer: the user pool, reading the Authorization header, its answers kept as the local gateway keeps them', () => {
    template.resourceCountIs('AWS::ApiGateway::Authorizer', 1);
    const props = resource(authorizerId()).Properties;
    expect(props.Type).toBe('COGNITO_USER_POOLS');
    expect(props.IdentitySource).toBe('method.request.header.Authorization');
    expect(props.AuthorizerResultTtlInSeconds).toBe(service.auth.authorizerCacheSeconds);
    expect(referencedIds(props.ProviderARNs)).toEqual([userPoolId()]);
    expect(referencedIds(props.RestApiId)).toEqual([logicalId(stack.api.restApi)]);
  });

  it('refuses at synth a write route without auth', () => {
    const open = {
      method: 'POST',
      path: '/open',
      function: 'createPost',
      summary: 'open',
      responses: {},
      errors: [],
    } as const;
    const mutable = routes as RouteSpec[];
    mutable.push(open);
    try {
      const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
      expect(() => new PostsApiStack(app, 'OpenStack')).toThrow(/POST \/open.*auth: 'user'/);
    } finally {
      mutable.pop();
    }
  });

  it('has a user pool signing in by email, with a strong password policy, optional TOTP and threat protection', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    const pool = resource(userPoolId());
    expect(pool.Properties).toMatchObject({
      UsernameAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      AutoVerifiedAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      DeletionProtection: 'ACTIVE',
    });
    expect(pool.DeletionPolicy).toBe('Retain');
    // TOTP only: no SMS, so no role for Cognito to send texts with.
    expect(pool.Properties.SmsConfiguration).toBeUndefined();
    const cognitoRoles = ofType('AWS::IAM::Role').filter(([, r]) =>
      JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('cognito-idp'),
    );
    expect(cognitoRoles).toEqual([]);
  });

  it('has one public app client: no secret, SRP sign-in only (no USER_PASSWORD_AUTH), no OAuth, described token lifetimes', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    const client = resource(clientId()).Properties;
    expect(client.UserPoolId).toEqual({ Ref: userPoolId() });
    expect(client.GenerateSecret).toBe(false);
    expect([...(client.ExplicitAuthFlows as string[])].sort()).toEqual([
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_USER_SRP_AUTH',
    ]);
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(client.CallbackURLs).toBeUndefined();
    expect(client.PreventUserExistenceErrors).toBe('ENABLED');
    expect(client.IdTokenValidity).toBe(service.auth.idTokenValidityMinutes);
    expect(client.RefreshTokenValidity).toBe(service.auth.refreshTokenValidityDays * 24 * 60);
    expect(client.TokenValidityUnits).toMatchObject({
      IdToken: 'minutes',
      RefreshToken: 'minutes',
    });
  });
});

describe('logs and outputs', () => {
  it('keeps every log group for the described retention', () => {
    const groups = ofType('AWS::Logs::LogGroup');
    // + API access logs, VPC flow logs, CDK's bucket-notifications handler
    expect(groups).toHaveLength(functionNames.length + 3);
    for (const [, group] of groups) {
      expect(group.Properties.RetentionInDays).toBe(service.logRetentionDays);
    }
  });

  it("sends every Lambda function's logs (CDK's helpers too) to a log group with a retention", () => {
    const groupIds = ofType('AWS::Logs::LogGroup').map(([id]) => id);
    const lambdas = ofType('AWS::Lambda::Function');
    expect(lambdas.length).toBeGreaterThan(functionNames.length);
    for (const [id, fn] of lambdas) {
      const [group] = referencedIds(
        (fn.Properties.LoggingConfig as { LogGroup?: unknown } | undefined)?.LogGroup,
      );
      expect(groupIds, id).toContain(group);
    }
  });

  it('protects the table from deletion, except in a -c dev=on stack', () => {
    expect(resource(tableId()).Properties.DeletionProtectionEnabled).toBe(true);
    const dev = new App({ context: { 'aws:cdk:bundling-stacks': [], dev: 'on' } });
    const devStack = new PostsApiStack(dev, 'DevStack');
    const devTable = Template.fromStack(devStack).findResources('AWS::DynamoDB::Table');
    expect(Object.values(devTable)[0]?.Properties.DeletionProtectionEnabled).toBe(false);
  });

  it("records the caller's sub in the access log", () => {
    const stage = ofType('AWS::ApiGateway::Stage')[0]?.[1];
    const format = (stage?.Properties.AccessLogSetting as { Format: string }).Format;
    expect(JSON.parse(format)).toMatchObject({ sub: '$context.authorizer.claims.sub' });
  });

  it('refuses a retention CloudWatch Logs does not offer', () => {
    expect(retentionOf(30)).toBe(30);
    expect(() => retentionOf(31)).toThrow(/not a CloudWatch Logs retention/);
  });

  it('outputs the API URL, the table name, the media bucket, the user pool and its client', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.keys(outputs).sort()).toEqual([
      'ApiUrl',
      'CacheName',
      'MediaBucketName',
      'TableName',
      'UserPoolClientId',
      'UserPoolId',
    ]);
    expect(outputs.MediaBucketName?.Value).toEqual({ Ref: logicalId(stack.media.bucket) });
    expect(referencedIds(outputs.ApiUrl?.Value)).toContain(logicalId(stack.api.restApi));
    expect(outputs.TableName?.Value).toEqual({ Ref: tableId() });
    expect(outputs.UserPoolId?.Value).toEqual({ Ref: userPoolId() });
    expect(outputs.UserPoolClientId?.Value).toEqual({ Ref: clientId() });
  });

  it('synthesizes with no errors or warnings', () => {
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });
});
