/** WhatsApp groups: a number's groups (Números → Grupos), group audiences and their results. */
export { GroupsStore } from './groups-store';
export { GroupsService } from './groups-service';
export { groupsHandlers, createGroups, type Groups } from './groups-handlers';
