import type { CoreContext } from '../context';
import type { Handlers } from '../rpc/dispatcher';
import { ApiError } from '../../../shared/api/errors';
import type { MessagePreview } from '../../../shared/api/methods/messages';
import { renderMessageText } from '../../../shared/template/message';
import type { LinkPreviewResult } from '../../../shared/api/methods/messages';
import { firstLink, type LinkPreviewer } from '../channels/whatsapp/link-preview';
import type { WhatsAppService } from '../channels/whatsapp/whatsapp-service';
import { AttachmentStore, decodeBase64 } from './attachment-store';
import {
  SAMPLE_CONTACT,
  getContact,
  knownVariables,
  pickContact,
  previewContactFromRow,
  sampleContacts,
  templateContactFromRow,
  variableCoverage,
} from './contact-source';

type MessageHandlers = Pick<
  Handlers,
  'messages.preview' | 'messages.linkPreview' | 'messages.sampleContacts' | 'messages.knownVariables' | 'messages.variableCoverage' | 'attachments.add' | 'attachments.get'
>;

export interface PreviewRequest {
  template: string;
  contactId?: number;
  listIds?: number[];
  seed: number | string;
  timeZone: string;
  optOut: { enabled: boolean; text: string };
  now?: number;
}

/** Renders exactly what a contact would receive: same engine, same seed, footer appended. */
export function renderPreview(ctx: Pick<CoreContext, 'db'>, input: PreviewRequest): MessagePreview {
  const listIds = input.listIds ?? [];
  let row = input.contactId ? getContact(ctx.db, input.contactId) : null;
  if (input.contactId && !row) {
    throw new ApiError('messages.contact_not_found', 'Este contato não existe mais. Clique em "Sortear outra" para ver outro.');
  }
  row ??= pickContact(ctx.db, listIds, input.seed);
  const known = knownVariables(ctx.db, listIds).map((v) => v.key);
  const contact = row ? templateContactFromRow(row) : SAMPLE_CONTACT.template;
  const text = renderMessageText(
    input.template,
    { contact, now: new Date(input.now ?? Date.now()), timeZone: input.timeZone, knownVariables: known },
    input.seed,
    input.optOut,
  );
  return {
    text,
    contact: row ? previewContactFromRow(row) : SAMPLE_CONTACT.preview,
    sample: !row,
  };
}

/** What the editor shows under a link: the same fetch (and cache) the send loop uses. */
export async function linkPreviewFor(previewer: LinkPreviewer, text: string): Promise<LinkPreviewResult> {
  if (!firstLink(text)) return { status: 'no_link' };
  const info = await previewer.preview(text);
  if (!info) return { status: 'unavailable' };
  return {
    status: 'ok',
    url: info['matched-text'],
    title: info.title,
    ...(info.description ? { description: info.description } : {}),
    ...(info.jpegThumbnail ? { thumbnail: `data:image/jpeg;base64,${Buffer.from(info.jpegThumbnail).toString('base64')}` } : {}),
  };
}

export function messageHandlers(ctx: CoreContext, whatsapp: Pick<WhatsAppService, 'linkPreviewer'>, store = new AttachmentStore(ctx.db, ctx.dataDir)): MessageHandlers {
  return {
    'messages.preview': (input) => renderPreview(ctx, input),
    'messages.linkPreview': ({ text }) => linkPreviewFor(whatsapp.linkPreviewer, text),
    'messages.sampleContacts': ({ listIds, limit }) => sampleContacts(ctx.db, listIds, limit).map(previewContactFromRow),
    'messages.knownVariables': ({ listIds }) => knownVariables(ctx.db, listIds),
    'messages.variableCoverage': ({ listIds, keys }) => variableCoverage(ctx.db, listIds, keys),
    'attachments.add': ({ fileName, mimeType, dataBase64, voiceNote }) => {
      const ref = store.add({ fileName, mimeType, data: decodeBase64(dataBase64), voiceNote });
      // Sizes and kinds only: file names may be personal.
      ctx.logger.info({ kind: ref.kind, size: ref.size }, 'attachment stored');
      return ref;
    },
    'attachments.get': ({ sha256 }) => store.get(sha256),
  };
}
