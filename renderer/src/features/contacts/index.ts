export { ContactsView } from './ContactsView';
export { useContactsRoute, parseContactsHash, listHash, IMPORT_HASH, OPT_OUTS_HASH, type ContactsRoute } from './contacts-route';
export { OptOutsView } from './OptOutsView';
