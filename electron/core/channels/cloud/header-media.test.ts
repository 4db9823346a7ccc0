/**
 * A template with an image header, through the whole core against the Graph stand-in: the file is
 * uploaded once through Graph's media endpoint and its media id goes with every send; a second
 * campaign reuses it; a file the Cloud API does not take stops the start; a media id Meta lost is
 * forgotten and the file uploaded again on resume.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHash } from 'node:crypto';
import { seedContacts } from '../../campaigns/engine/testing/fixtures';
import { templateDraft } from './testing/drafts';
import type { CampaignDraft } from '../../../../shared/campaigns/schema';
import type { TemplateView } from '../../../../shared/api/methods/cloud';
import type { HeaderMedia } from '../../../../shared/cloud/campaign-schema';
import type { MethodOutput } from '../../../../shared/api/contract';
import { cloudWorld, until, type CloudWorld } from './testing/harness';

vi.stubEnv('RECADO_AUTO_BACKUP', 'off');

let w: CloudWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x20, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(24, 1)]);

/** An attached image as a template header (the test attaches images only). */
function headerMediaOf(ref: MethodOutput<'attachments.add'>): HeaderMedia {
  if (ref.kind === 'audio') throw new Error('an audio file is not a header');
  return { ...ref, kind: ref.kind };
}

function photoDraft(numberId: number, listId: number, templates: TemplateView[], headerMedia: HeaderMedia | null): CampaignDraft {
  return templateDraft({ numberId, listId, templates, name: 'cardapio_foto', mapping: { 'body.1': { kind: 'field', field: 'primeiro_nome' } }, headerMedia });
}

async function setUp(count: number) {
  w = await cloudWorld();
  const numberId = await w.addCloudNumber();
  await w.directWebhooks(numberId);
  await until(() => w!.one('SELECT status FROM numbers WHERE id = ?', numberId)?.status === 'connected', 'connected');
  const { listId } = seedContacts(w.core.context.db, { count });
  const { templates } = await w.call('cloud.templates', { id: numberId });
  return { numberId, listId, templates };
}

const headerIdsOf = (world: CloudWorld) =>
  world.graph.sent.map((s) => {
    const header = (s.body.template as { components: Array<{ type: string; parameters: Array<{ type: string; image?: { id: string } }> }> }).components.find((c) => c.type === 'header');
    return header?.parameters[0]?.image?.id ?? null;
  });

describe('header media of a Cloud API template', () => {
  it('uploads the file once and sends its media id with every message, and a second campaign reuses it', async () => {
    const { numberId, listId, templates } = await setUp(5);
    const ref = headerMediaOf(await w!.call('attachments.add', { fileName: 'cardapio.png', mimeType: 'image/png', dataBase64: PNG.toString('base64') }));

    const { id } = await w!.call('campaigns.create', { draft: photoDraft(numberId, listId, templates, ref) });
    await w!.call('campaigns.start', { id });
    await until(() => w!.one("SELECT count(*) AS n FROM deliveries WHERE campaign_id = ? AND state IN ('delivered', 'read')", id)?.n === 5, 'five delivered', 15_000);

    expect(w!.graph.uploads).toHaveLength(1);
    expect(w!.graph.uploads[0]).toMatchObject({ mimeType: 'image/png', fileName: 'cardapio.png', size: PNG.length, sha256: createHash('sha256').update(PNG).digest('hex') });
    expect(w!.graph.requests.filter((r) => r.path.endsWith('/media'))).toHaveLength(1);
    expect(headerIdsOf(w!)).toEqual(Array(5).fill(w!.graph.uploads[0].id));
    expect(w!.graph.sent[0].body).toMatchObject({ template: { name: 'cardapio_foto', components: [{ type: 'header', parameters: [{ type: 'image' }] }, { type: 'body' }] } });

    const second = await w!.call('campaigns.create', { draft: { ...photoDraft(numberId, listId, templates, ref), name: 'De novo' } });
    await w!.call('campaigns.start', { id: second.id });
    await until(() => w!.graph.sent.length === 10, 'ten sends', 15_000);
    expect(w!.graph.uploads).toHaveLength(1);
    expect(new Set(headerIdsOf(w!))).toEqual(new Set([w!.graph.uploads[0].id]));
  });

  it('refuses to start without the file, or with one the Cloud API does not take as a header', async () => {
    const { numberId, listId, templates } = await setUp(1);
    const none = await w!.call('campaigns.create', { draft: photoDraft(numberId, listId, templates, null) });
    await expect(w!.call('campaigns.start', { id: none.id })).rejects.toMatchObject({ code: 'campaigns.template_incomplete', message: expect.stringContaining('escolha o arquivo') });

    const webp = headerMediaOf(await w!.call('attachments.add', { fileName: 'cardapio.webp', mimeType: 'image/webp', dataBase64: WEBP.toString('base64') }));
    expect(webp.mimeType).toBe('image/webp');
    const bad = await w!.call('campaigns.create', { draft: photoDraft(numberId, listId, templates, webp) });
    await expect(w!.call('campaigns.start', { id: bad.id })).rejects.toMatchObject({ code: 'campaigns.template_incomplete', message: expect.stringContaining('JPG, JPEG, PNG') });
    expect(w!.graph.uploads).toHaveLength(0);
    expect(w!.graph.sent).toHaveLength(0);
  });

  it('a media id Meta no longer has fails that message, pauses, and the file is uploaded again on resume', async () => {
    const { numberId, listId, templates } = await setUp(3);
    const ref = headerMediaOf(await w!.call('attachments.add', { fileName: 'cardapio.png', mimeType: 'image/png', dataBase64: PNG.toString('base64') }));
    const first = await w!.call('campaigns.create', { draft: photoDraft(numberId, listId, templates, ref) });
    await w!.call('campaigns.start', { id: first.id });
    await until(() => w!.one("SELECT count(*) AS n FROM deliveries WHERE campaign_id = ? AND state IN ('delivered', 'read')", first.id)?.n === 3, 'first campaign delivered', 15_000);
    const oldId = w!.graph.uploads[0].id;
    w!.graph.droppedMedia.add(oldId);

    // Slow the sends so the failure webhook of the first one arrives before the rest go out.
    const draft = photoDraft(numberId, listId, templates, ref);
    const second = await w!.call('campaigns.create', { draft: { ...draft, name: 'Depois', pacing: { ...draft.pacing, minDelaySec: 3, maxDelaySec: 3 } } });
    await w!.call('campaigns.start', { id: second.id });
    await until(() => w!.one('SELECT status FROM campaigns WHERE id = ?', second.id)?.status === 'paused', 'paused on 131053', 15_000);
    const failed = w!.one("SELECT error_code, error_reason FROM deliveries WHERE campaign_id = ? AND state = 'failed'", second.id);
    expect(failed.error_code).toBe('131053');
    expect(w!.one('SELECT count(*) AS n FROM cloud_media')?.n).toBe(0);

    await w!.call('campaigns.resume', { id: second.id });
    await until(() => w!.graph.uploads.length === 2, 'uploaded again', 15_000);
    const newId = w!.graph.uploads[1].id;
    expect(newId).not.toBe(oldId);
    await until(() => w!.graph.sent.length >= 5 && headerIdsOf(w!).at(-1) === newId, 'a send with the new media id', 20_000);
  });
});
