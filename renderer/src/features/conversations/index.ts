export { ConversationsView } from './ConversationsView';
export { useUnreadConversations } from './use-unread';
