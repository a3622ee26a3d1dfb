import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseJobMessage, postJobId } from '../../functions/domain/job';

const post = {
  id: randomUUID(),
  author_id: 'ada',
  content: 'hello',
  post_type: 'news',
  tags: [],
  status: 'processing',
  created_at: '2025-01-01T00:00:00.000Z',
  updated_at: '2025-01-01T00:00:00.000Z',
  jobs: { analytics: 'pending', notifications: 'pending' },
};
const analytics = {
  kind: 'analytics',
  job_id: postJobId('analytics', post.id),
  enqueued_at: '2025-01-01T00:00:01.000Z',
  post,
};

describe('parseJobMessage', () => {
  it('reads a job of the queue it came from', () => {
    expect(parseJobMessage(JSON.stringify(analytics), 'analytics')).toEqual({
      ok: true,
      job: analytics,
    });
    const text = {
      kind: 'textAnalysis',
      job_id: randomUUID(),
      enqueued_at: analytics.enqueued_at,
      text: 'hi',
    };
    expect(parseJobMessage(JSON.stringify(text), 'textAnalysis').ok).toBe(true);
  });

  it.each([
    ['not JSON', '{"kind":', 'not JSON'],
    ['JSON that is not an object', '42', 'unknown job kind'],
    ['an unknown kind', JSON.stringify({ ...analytics, kind: 'fax' }), 'unknown job kind "fax"'],
    [
      'a kind for another queue',
      JSON.stringify(analytics),
      'a analytics job on the notifications queue',
    ],
    ['a job without its post', JSON.stringify({ ...analytics, post: undefined }), 'post'],
    ['a bad date', JSON.stringify({ ...analytics, enqueued_at: 'yesterday' }), 'enqueued_at'],
  ])('calls %s poison, with a reason', (_, body, reason) => {
    const queue = reason.includes('notifications') ? 'notifications' : 'analytics';
    const parsed = parseJobMessage(body, queue);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });

  it('keeps the job id of a poison message when it has one, for the logs', () => {
    const parsed = parseJobMessage(JSON.stringify({ ...analytics, kind: 'fax' }), 'analytics');
    expect(parsed).toMatchObject({ ok: false, jobId: analytics.job_id });
  });
});
