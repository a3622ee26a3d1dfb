import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  functionEnvironment,
  functions,
  service,
  type FunctionName,
  type FunctionSpec,
} from '../service';
import { bundling } from '../bundling';
import { retentionOf } from './log-retention';

/** The repository root: handler entries in the service description are relative to it. */
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const outputFormat: Record<typeof bundling.format, OutputFormat> = { esm: OutputFormat.ESM };

export interface ApiFunctionsProps {
  readonly table: dynamodb.Table;
}

/** One Lambda function per entry in the service description, each with its own role and logs. */
export class ApiFunctions extends Construct {
  readonly byName: Readonly<Record<FunctionName, NodejsFunction>>;

  constructor(scope: Construct, id: string, props: ApiFunctionsProps) {
    super(scope, id);
    const names = Object.keys(functions) as FunctionName[];
    this.byName = Object.fromEntries(
      names.map((name) => [name, this.build(name, props.table)]),
    ) as Record<FunctionName, NodejsFunction>;
  }

  private build(name: FunctionName, table: dynamodb.Table): NodejsFunction {
    const spec: FunctionSpec = functions[name];
    // cdk-nag names an IAM5 finding by the resource as written in the template.
    const tableLogicalId = Stack.of(table).getLogicalId(table.node.defaultChild as CfnElement);
    const scope = new Construct(this, name);

    const logGroup = new logs.LogGroup(scope, 'Logs', {
      retention: retentionOf(service.logRetentionDays),
      // Logs are operational, not user data: they go with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An explicit role instead of AWSLambdaBasicExecutionRole: that managed policy lets the
    // function write to any log group in the account; this one may only write to its own.
    const role = new iam.Role(scope, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${service.name} ${name}: its own log group and its table actions only`,
    });
    logGroup.grantWrite(role);

    const fn = new NodejsFunction(scope, 'Function', {
      entry: path.join(repoRoot, spec.entry),
      handler: 'handler',
      description: spec.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      // Graviton: cheaper per GB-second and as fast for this I/O-bound work.
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      reservedConcurrentExecutions: spec.reservedConcurrency,
      role,
      logGroup,
      environment: functionEnvironment({ tableName: table.tableName }),
      projectRoot: repoRoot,
      depsLockFilePath: path.join(repoRoot, 'package-lock.json'),
      // The same options the local runtime bundles with (lib/bundling.ts), so what runs on a
      // laptop is the code that deploys.
      bundling: {
        target: bundling.target,
        format: outputFormat[bundling.format],
        minify: bundling.minify,
        sourceMap: bundling.sourcemap,
        sourcesContent: bundling.sourcesContent,
        mainFields: [...bundling.mainFields],
        banner: bundling.banner,
        // Empty, not the default: NodejsFunction would otherwise leave the AWS SDK out.
        externalModules: [...bundling.external],
      },
    });

    table.grant(fn, ...spec.tableActions);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
      reason:
        'table.grant also covers the GSIs, addressed as <table arn>/index/*; only the ' +
        "actions in this function's tableActions are allowed there, on this table only.",
    });

    return fn;
  }
}
