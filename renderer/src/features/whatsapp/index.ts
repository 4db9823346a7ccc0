export { AddWhatsAppDialog, whatsappStateKey } from './AddWhatsAppDialog';
