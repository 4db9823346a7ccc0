import { useApiQuery } from '../../data';

/** Conversations with unseen messages, for the navigation badge; the event table follows new messages. */
export function useUnreadConversations(): number {
  // A failed read leaves the badge as it was, as before.
  return useApiQuery('conversations.counts', undefined).data?.unread ?? 0;
}
