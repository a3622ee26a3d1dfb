import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * The SQS clients besides the JavaScript SDK that the local SQS is checked
 * with: boto3 on the `python3` of PATH (a current botocore: JSON protocol),
 * Debian's boto3 on `/usr/bin/python3` (botocore 1.29: the Query protocol),
 * and the `aws` CLI. Each is undefined, with the reason, when missing; the
 * tests then skip saying why. Under CI=true a missing client is an error:
 * CI installs them (.ci/run), so a skip there would hide the tests.
 */
export interface SqsClientProbe {
  /** The command to run, or undefined when it is not usable here. */
  command: string | undefined;
  /** Why it cannot run (undefined when it can). */
  missing: string | undefined;
}

/** Environment for every client: fixed credentials, no profile or instance metadata lookups. */
export const clientEnvironment: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  AWS_ACCESS_KEY_ID: 'AKIDCLIENT',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_PAGER: '',
};

async function probe(
  command: string,
  args: string[],
  install: string,
): Promise<SqsClientProbe & { out: string }> {
  const result = await run(command, args);
  if (result.code === 0) return { command, missing: undefined, out: result.stdout.trim() };
  const detail = result.stderr.trim().split('\n').at(-1) ?? `exit code ${result.code}`;
  return {
    command: undefined,
    missing: `${command} cannot run it (${detail}); ${install}`,
    out: '',
  };
}

const PROTOCOL_OF_SQS =
  'import boto3, botocore.session; print(botocore.session.get_session().get_service_model("sqs").protocol)';

const [pathProbe, queryProbe, cliOnPath, cliDebian] = await Promise.all([
  probe('python3', ['-c', PROTOCOL_OF_SQS], 'pip install boto3'),
  probe(
    process.env.SQS_QUERY_PYTHON ?? '/usr/bin/python3',
    ['-c', PROTOCOL_OF_SQS],
    'apt-get install python3-boto3 python3-botocore (or set SQS_QUERY_PYTHON)',
  ),
  probe('python3', ['-c', 'import awscli.clidriver'], 'pip install awscli'),
  probe('/usr/bin/python3', ['-c', 'import awscli.clidriver'], 'apt-get install awscli'),
]);

/** boto3 on PATH's python3, whatever protocol its botocore speaks. */
export const pathPython: SqsClientProbe = pathProbe;

/** Debian's boto3, which speaks the Query protocol to SQS. */
export const queryPython: SqsClientProbe =
  queryProbe.command && queryProbe.out !== 'query'
    ? {
        command: undefined,
        missing: `${queryProbe.command}'s botocore speaks ${queryProbe.out} to SQS, not query (botocore before 1.31 does)`,
      }
    : queryProbe;

/**
 * A Python that can import the AWS CLI (awscli.clidriver): PATH's python3, or
 * Debian's. The CLI is driven in one process (aws_cli_session.py) because each
 * `aws` start costs seconds on a busy machine.
 */
export const awsCli: SqsClientProbe = cliOnPath.command ? cliOnPath : cliDebian;

if (process.env.CI === 'true') {
  const missing = [pathPython, queryPython, awsCli].flatMap((client) => client.missing ?? []);
  if (missing.length > 0) throw new Error(`CI=true and ${missing.join('; ')}`);
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a client command to the end; a failing command is a result, not an exception. */
export function run(command: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { env: clientEnvironment, encoding: 'utf8', timeout: 120_000, maxBuffer: 8 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        // A command that could not start (ENOENT) has no stderr: its error says why.
        resolve({ code, stdout, stderr: stderr || (error?.message ?? '') });
      },
    );
  });
}

/** AWS CLI commands run one after another in one long-lived CLI process. */
export interface AwsCliSession {
  /** `aws <args>`: its exit code and output. */
  run(args: string[]): Promise<Run>;
  close(): void;
}

export function startAwsCliSession(python: string): AwsCliSession {
  const child = spawn(python, [fileURLToPath(new URL('aws_cli_session.py', import.meta.url))], {
    env: clientEnvironment,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const waiting: ((run: Run) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(JSON.parse(line) as Run));
  let queue = Promise.resolve();
  return {
    run(args) {
      // One command at a time: answers come back in order.
      const answer = queue.then(
        () =>
          new Promise<Run>((resolve) => {
            waiting.push(resolve);
            child.stdin.write(`${JSON.stringify(args)}\n`);
          }),
      );
      queue = answer.then(() => undefined);
      return answer;
    },
    close() {
      child.stdin.end();
    },
  };
}
