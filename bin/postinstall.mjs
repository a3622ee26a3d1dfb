// The Lambda Node (node-<platform>-<arch>, an optional dependency: local/lambda/lambda-node.ts)
// declares a `node` bin, so npm links node_modules/.bin/node to it, and every npm script
// would then run on it instead of the Node that runs npm. Only the containers should.
import { readFileSync, readlinkSync, unlinkSync } from 'node:fs';

for (const name of ['node', 'node.cmd', 'node.ps1']) {
  const path = `node_modules/.bin/${name}`;
  let target;
  try {
    target = name === 'node' ? readlinkSync(path) : readFileSync(path, 'utf8');
  } catch {
    continue; // absent, or not a link
  }
  if (/node-(linux|darwin|win)-[a-z0-9]+/.test(target)) unlinkSync(path);
}
