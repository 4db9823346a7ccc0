import { useEffect, useState } from 'react';
import { api } from '../../api';
import { coalesce } from '../../lib/coalesce';

/** Conversations with unseen messages, for the navigation badge; follows new messages live. */
export function useUnreadConversations(): number {
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    let alive = true;
    const load = () =>
      void api.conversations
        .counts()
        .then((c) => alive && setUnread(c.unread))
        .catch(() => {});
    load();
    const soon = coalesce(load, 200);
    const off = api.on('conversations.changed', soon);
    return () => {
      alive = false;
      off();
      soon.cancel();
    };
  }, []);
  return unread;
}
