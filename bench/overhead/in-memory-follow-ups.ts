/**
 * Stands in for functions/adapters/post-follow-ups-table.ts in the overhead
 * benchmark's bundles. The real ledger is state on the post item; this one
 * reads the same in-memory store the handler's repository writes, and keeps
 * the "not all on a queue yet" marks beside it.
 */
import type { FollowUpKind, FollowUpLedger } from '../../functions/domain/follow-ups';
import type { Post } from '../../functions/domain/post';
import type { FunctionName } from '../../lib/description';
import { storeFor } from './in-memory-posts-table';

const ledgers = new Map<FunctionName, FollowUpLedger>();

/** The ledger behind a function's handler: the bare use-case call uses it too. */
export function followUpLedgerFor(name: FunctionName): FollowUpLedger {
  let ledger = ledgers.get(name);
  if (!ledger) ledgers.set(name, (ledger = memoryLedger(name)));
  return ledger;
}

function memoryLedger(name: FunctionName): FollowUpLedger {
  const store = storeFor(name);
  const sent = new Set<string>();
  const done = new Map<string, Set<FollowUpKind>>();
  return {
    exists: async (postId) => (await store.get(postId)) !== undefined,
    isUnsent: async (postId) => (await store.get(postId)) !== undefined && !sent.has(postId),
    markSent: async (postId) => {
      if (await store.get(postId)) sent.add(postId);
    },
    listUnsent: async (): Promise<Post[]> => [],
    markFailed: async () => undefined,
    markDone: async (postId, kind) => {
      if (!(await store.get(postId))) return 'gone';
      let kinds = done.get(postId);
      if (!kinds) done.set(postId, (kinds = new Set()));
      kinds.add(kind);
      return 'processing';
    },
  };
}

export const PostFollowUpsTable = {
  forFunction: (name: FunctionName): FollowUpLedger => followUpLedgerFor(name),
};
