export { ContactsView } from './ContactsView';
export { useContactsRoute, parseContactsHash, listHash, IMPORT_HASH, type ContactsRoute } from './contacts-route';
