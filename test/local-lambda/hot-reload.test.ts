import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLocalCloud, type LocalCloud } from '../../local/local-cloud';
import { fixture, route } from '../support/fixture-functions';
import { typedApiWithToken } from '../support/typed-api';

/**
 * The developer loop: with `watch` (as `npm run dev` runs), editing a
 * handler's source rebuilds the bundles and the next invocation runs the new
 * code, in a fresh container, while the table keeps its data.
 */
let dir: string;
let source: string;
let cloud: LocalCloud;
const notices: string[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'posts-api-reload-'));
  source = join(dir, 'version.ts');
  // A copy: the test edits it, never the repository's fixture.
  await copyFile('test/fixtures/functions/version.ts', source);
  cloud = await startLocalCloud({
    watch: true,
    onLine: (fn, line) => {
      if (fn === 'local') notices.push(line);
    },
    extraFunctions: { version: fixture(source) },
    extraRoutes: [route('GET', '/fixtures/version', 'version')],
  });
});
afterAll(async () => {
  await cloud?.close();
  await rm(dir, { recursive: true, force: true });
});

const version = async () =>
  ((await (await fetch(`${cloud.url}/fixtures/version`)).json()) as { version: string }).version;

it('runs the new code on the next invocation after a source change, keeps the table data, and keeps warm the functions whose bundle did not change', async () => {
  const created = await typedApiWithToken(cloud.url, await cloud.issuer.token('dev')).POST(
    '/posts',
    { body: { content: 'survives reloads', post_type: 'news', author_id: 'dev' } },
  );
  const id = created.data?.id ?? '';
  expect(await version()).toBe('first');
  const read = () => typedApiWithToken(cloud.url).GET('/posts/{id}', { params: { path: { id } } });
  // A warm getPost container, whose code the edit below does not touch.
  expect((await read()).response.status).toBe(200);

  const code = await readFile(source, 'utf8');
  await writeFile(source, code.replace("const version = 'first'", "const version = 'second'"));
  // The watcher rebuilds every bundle: past 40 s at a load average of 40 (how long it
  // takes is not what is tested, that the next invocation runs the new code is).
  await expect
    .poll(() => notices.some((n) => n.startsWith('functions rebuilt')), {
      timeout: 100_000,
      message: 'the watcher announced no rebuild after the source changed',
    })
    .toBe(true);

  const pool = cloud.pools.get('version');
  const before = pool?.reports.length ?? 0;
  expect(await version()).toBe('second');
  // The old container was retired: the new code starts cold.
  expect(pool?.reports[before]?.initMs).toBeGreaterThan(0);

  // As a deployment of one function leaves the others' sandboxes warm on Lambda, the
  // functions whose bundle the rebuild left as it was keep their containers.
  const getPost = cloud.pools.get('getPost');
  const readsBefore = getPost?.reports.length ?? 0;
  const again = await read();
  expect(again.response.status).toBe(200);
  expect(again.data?.content).toBe('survives reloads');
  expect(getPost?.reports[readsBefore]?.outcome).toMatchObject({ ok: true });
  expect(getPost?.reports[readsBefore]?.initMs).toBeUndefined();
  expect(notices.find((n) => n.startsWith('functions rebuilt'))).toBe(
    'functions rebuilt: version runs the new code',
  );
}, 150_000);
