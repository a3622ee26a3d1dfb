/**
 * npm run cost [-- -c cache=off] [--requests 2000000 --get 80% ...] [--json file]
 *
 * Synthesizes the stack (bundling skipped), counts what it bills for, and
 * prices it for a traffic mix with the dated price table in lib/cost/: the
 * idle floor, the cost of a million API requests, and the month at the mix's
 * traffic, line by line. Writes the same as JSON (default cdk.out/cost.json).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { estimate, type Section } from '../lib/cost/estimate';
import { inventoryOf } from '../lib/cost/inventory';
import { synthesizedTemplate } from '../lib/cost/synthesized-template';
import { mixUsage, parseMix } from '../lib/cost/traffic-mix';

const usage = `npm run cost -- [-c name=value ...] [traffic options] [--json <file>]

  -c name=value     CDK context, as for cdk synth (cache=off, waf=on, cognitoPlan=essentials, ...)
  --json <file>     where to write the estimate as JSON (default cdk.out/cost.json)

${mixUsage}`;

function main(argv: readonly string[]): void {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    return;
  }
  const { mix, rest } = parseMix(argv);
  const context: Record<string, string> = {};
  let jsonFile = 'cdk.out/cost.json';
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '-c' || arg === '--context') {
      const [key, value] = (rest[++i] ?? '').split('=', 2);
      if (!key || value === undefined) throw new Error(`${arg} needs name=value`);
      context[key] = value;
    } else if (arg === '--json') {
      jsonFile = rest[++i] ?? '';
      if (!jsonFile) throw new Error('--json needs a file');
    } else {
      throw new Error(`unknown option ${String(arg)}\n\n${usage}`);
    }
  }

  const inventory = inventoryOf(synthesizedTemplate(context));
  const result = estimate(inventory, mix);
  const flags = Object.entries(context).map(([k, v]) => `-c ${k}=${v}`);
  console.log(
    `posts-api cost, ${result.region} list prices of ${result.pricedOn} (${result.caveat})` +
      (flags.length ? `, ${flags.join(' ')}` : ', default deployment'),
  );
  print('Idle floor (a month with no request)', result.idle, '/month');
  print('Per million API requests of the mix', result.perMillionRequests, '/million');
  print(
    `The month at ${mix.requestsPerMonth.toLocaleString('en-US')} requests and ${mix.users.toLocaleString('en-US')} users`,
    result.month,
    '/month',
  );
  const all = result.allCustomMetrics;
  console.log(
    `\nIf every custom metric series were published: ${all.quantity} metrics, ${usd(all.usd)}/month.`,
  );
  mkdirSync(dirname(jsonFile), { recursive: true });
  writeFileSync(jsonFile, `${JSON.stringify({ inventory, ...result }, null, 2)}\n`);
  console.log(`JSON: ${jsonFile}`);
}

function print(title: string, section: Section, per: string): void {
  console.log(`\n${title}`);
  for (const l of section.lines) {
    const quantity = l.quantity.toLocaleString('en-US', { maximumFractionDigits: 2 });
    console.log(
      `  ${l.item.padEnd(78)} ${`${quantity} ${l.unit}`.padStart(24)} ${usd(l.usd).padStart(10)}`,
    );
  }
  console.log(
    `  ${'total'.padEnd(78)} ${''.padStart(24)} ${usd(section.totalUsd).padStart(10)}${per}`,
  );
}

function usd(value: number): string {
  return `$${value.toFixed(2)}`;
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
