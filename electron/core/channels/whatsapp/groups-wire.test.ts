/** Group receipts Baileys folds into our own buffered message (its event buffer does that). */
import { describe, expect, it } from 'vitest';
import type { WAMessage } from '@whiskeysockets/baileys';
import { groupReceiptsFrom, receiptsInUpserts } from './groups-wire';

const G = '120363000000000001@g.us';

describe('receipts folded into an upserted message', () => {
  it('are read back per participant, for our own group messages only', () => {
    const messages = [
      { key: { id: 'OURS', remoteJid: G, fromMe: true }, userReceipt: [{ userJid: '111@lid', receiptTimestamp: 1_800_000_000 }, { userJid: '222@lid', receiptTimestamp: 1_800_000_000, readTimestamp: 1_800_000_001 }] },
      // Someone else's group message, and our own one-to-one message: not group receipts of ours.
      { key: { id: 'THEIRS', remoteJid: G, fromMe: false, participant: '111@lid' }, userReceipt: [{ userJid: '222@lid', receiptTimestamp: 1_800_000_000 }] },
      { key: { id: 'DIRECT', remoteJid: '5511911110001@s.whatsapp.net', fromMe: true }, userReceipt: [{ userJid: '5511911110001@s.whatsapp.net', receiptTimestamp: 1_800_000_000 }] },
      { key: { id: 'NONE', remoteJid: G, fromMe: true } },
    ] as unknown as WAMessage[];
    expect(groupReceiptsFrom(receiptsInUpserts(messages), 0)).toEqual([
      { messageId: 'OURS', groupJid: G, participant: '111@lid', status: 'delivered', at: 1_800_000_000_000 },
      { messageId: 'OURS', groupJid: G, participant: '222@lid', status: 'read', at: 1_800_000_001_000 },
    ]);
  });
});
