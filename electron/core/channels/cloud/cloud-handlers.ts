/** `cloud.*` API: Cloud API numbers, templates, the rate table and campaign costs. */
import type { CoreContext } from '../../context';
import type { Handlers } from '../../rpc/dispatcher';
import { ApiError } from '../../../../shared/api/errors';
import type { CloudNumberView, TemplateView } from '../../../../shared/api/methods/cloud';
import { DEFAULT_RATE_TABLE, estimateCost, rateFor, rateTableProblems } from '../../../../shared/cloud/pricing';
import { campaignDraftSchema, defaultCampaignDraft, type CampaignDraft } from '../../../../shared/campaigns/schema';
import { firstAudienceMembers, previewAudience } from '../../campaigns/audience/audience';
import { fillTemplate, resolveSlots, templateSlots, type SlotSource, type TemplateSpec } from '../../../../shared/cloud/templates';
import { SAMPLE_CONTACT } from '../../messages/contact-source';
import { templateContactOf } from '../../leads/contact-fields';
import { secretsPresent } from './secrets-present';
import type { CloudService, HeaderSample } from './cloud-service';
import { AttachmentStore } from '../../messages/attachment-store';
import { messagingLimitOf, tokenSecret, appSecretSecret, type CloudAccountRow, type CloudTemplateRow } from './cloud-store';
import { GRAPH_API_VERSION } from './graph-config';
import type { AiService } from '../../ai/ai-service';
import { draftTemplateWithAi } from './template-ai';
import { localDate, zonedTimeToEpoch } from '../../campaigns/schedule/tz';

type CloudHandlers = Pick<Handlers, Extract<keyof Handlers, `cloud.${string}`>>;

function limitCount(tier: string | null): number | null {
  const n = messagingLimitOf(tier);
  return n === null ? null : Number.isFinite(n) ? n : -1;
}

export function toCloudView(service: CloudService, a: CloudAccountRow, has: { token: boolean; appSecret: boolean }): CloudNumberView {
  const relayState: CloudNumberView['relayState'] = a.relay_error === 'no_license' ? 'no_license' : a.relay_error ? 'error' : a.mailbox_id ? 'ok' : 'pending';
  return {
    numberId: a.number_id,
    phoneNumberId: a.phone_number_id,
    wabaId: a.waba_id,
    displayPhoneNumber: a.display_phone,
    verifiedName: a.verified_name,
    nameStatus: a.name_status,
    qualityRating: a.quality_rating,
    messagingLimit: a.messaging_limit,
    messagingLimitCount: limitCount(a.messaging_limit),
    throughputLevel: a.throughput_level,
    checkedAt: a.checked_at,
    webhookUrl: a.webhook_url,
    verifyToken: a.verify_token,
    relayState,
    relayMessage: relayState === 'error' ? a.relay_error : null,
    lastEventAt: a.last_event_at,
    forged: a.forged,
    hasToken: has.token,
    hasAppSecret: has.appSecret,
    recipients24h: service.store.recipients24h(a.waba_id),
  };
}

export function toTemplateView(t: CloudTemplateRow): TemplateView {
  let components: TemplateView['components'] = [];
  try {
    components = JSON.parse(t.components) as TemplateView['components'];
  } catch {
    components = [];
  }
  return {
    id: t.template_id,
    name: t.name,
    language: t.language,
    category: t.category,
    status: t.status,
    rejectedReason: t.rejected_reason,
    parameterFormat: t.parameter_format,
    components,
    submittedHere: t.submitted_here === 1,
    updatedAt: t.updated_at,
  };
}

function readDraft(json: string): CampaignDraft {
  const merged = { ...defaultCampaignDraft(), ...(JSON.parse(json) as Partial<CampaignDraft>) };
  const parsed = campaignDraftSchema.safeParse(merged);
  return parsed.success ? parsed.data : merged;
}

/** `ai` drafts templates with the same AI copy assistant (configuration, key, daily limit) as the messages editor. */
export function cloudHandlers(ctx: CoreContext, service: CloudService, ai: AiService): CloudHandlers {
  const view = (numberId: number) => toCloudView(service, service.requireAccount(numberId), secretsPresent(ctx.db, [tokenSecret(numberId), appSecretSecret(numberId)]));
  const settingsView = () => {
    const s = service.store.settings();
    return { rateTable: s.rateTable, defaultRateTable: DEFAULT_RATE_TABLE, graphVersion: s.graphVersion, defaultGraphVersion: GRAPH_API_VERSION };
  };

  // A removed number's credentials and relay puller go with it.
  ctx.internal.on('number.changed', ({ numberId: id }) => {
    if (service.get(id) && !service.store.account(id)) void service.forget(id);
  });
  if (ctx.mode !== 'cli') {
    setImmediate(() => {
      try {
        service.sweepOrphanSecrets();
        service.resumeRelays();
      } catch (err) {
        ctx.logger.error({ err }, 'could not resume the Cloud API relays');
      }
    });
    // A license activated later gives the relay its credentials.
    ctx.internal.on('license.changed', () => service.resumeRelays());
  }

  return {
    'cloud.testConnection': async (input) => {
      const check = await service.testConnection(input);
      return { ...check.info, messagingLimitCount: limitCount(check.info.messagingLimit), approvedTemplates: check.approvedTemplates };
    },

    'cloud.addNumber': async (input) => {
      const { numberId } = await service.addNumber(input);
      return { numberId };
    },

    'cloud.details': ({ id }) => view(id),

    'cloud.updateCredentials': async ({ id, token, appSecret }) => {
      if (!token && !appSecret) throw new ApiError('cloud.nothing_to_update', 'Cole um novo token ou uma nova chave secreta do app.');
      await service.updateCredentials(id, { ...(token ? { token } : {}), ...(appSecret ? { appSecret } : {}) });
      return view(id);
    },

    'cloud.refresh': async ({ id }) => {
      await service.refresh(id);
      return view(id);
    },

    'cloud.connectRelay': async ({ id }) => {
      service.requireAccount(id);
      await service.ensureMailbox(id).catch(() => {});
      return view(id);
    },

    'cloud.templates': async ({ id, refresh }) => {
      service.requireAccount(id);
      let offline = false;
      if (refresh || service.store.syncedAt(id) === null) {
        try {
          await service.syncTemplates(id);
        } catch (err) {
          // Offline (or Meta down): the cached listing still serves to prepare campaigns.
          const cached = service.store.syncedAt(id) !== null;
          if (err instanceof ApiError && err.code === 'cloud.unreachable' && cached) offline = true;
          else throw err;
        }
      }
      return { templates: service.store.templates(id).map(toTemplateView), syncedAt: service.store.syncedAt(id), offline };
    },

    'cloud.submitTemplate': async ({ id, name, language, category, parameterFormat, components, headerSample }) => {
      let sample: HeaderSample | undefined;
      if (headerSample) {
        // The attachment row holds the kind and MIME type sniffed from the content, not the file name's.
        const store = new AttachmentStore(ctx.db, ctx.dataDir);
        const info = store.get(headerSample.sha256);
        sample = { kind: info.kind, mimeType: info.mimeType, fileName: info.fileName, size: info.size, data: store.read(headerSample.sha256) };
      }
      const raw = await service.submitTemplate(id, { name, language, category, ...(parameterFormat ? { parameter_format: parameterFormat } : {}), components }, sample);
      const row = service.store.template(id, String(raw.id));
      if (!row) throw new ApiError('cloud.not_found', 'O modelo enviado não foi encontrado. Atualize a lista de modelos.');
      return toTemplateView(row);
    },

    'cloud.previewTemplate': ({ template, audience, limit, timeZone }) => {
      const spec: TemplateSpec = { ...template.template, components: template.template.components };
      const slots = templateSlots(spec);
      const mapping = template.mapping as Record<string, SlotSource>;
      const members = firstAudienceMembers(ctx.db, audience, limit);
      const people = members.length ? members.map((m) => ({ contact: templateContactOf(m), name: m.name ?? '' })) : [{ contact: SAMPLE_CONTACT.template, name: SAMPLE_CONTACT.preview.name }];
      const now = new Date();
      const tz = timeZone ?? ctx.settings.get().timeZone;
      return {
        sample: members.length === 0,
        contacts: people.map(({ contact, name }) => {
          const { values, problems } = resolveSlots(slots, mapping, { contact, now, timeZone: tz });
          // A variable not mapped yet shows as itself.
          for (const slot of slots) if (!mapping[slot.key]) values[slot.key] = `{{${slot.name}}}`;
          const filled = fillTemplate(spec, values);
          return {
            name: name || (contact.phone ?? ''),
            phone: contact.phone ?? '',
            text: filled.previewText,
            buttons: filled.buttons.map((b) => b.text),
            // Unmapped variables are said once by the wizard itself; here, what this contact's data breaks.
            problems: [...problems.filter((p) => mapping[p.key]), ...filled.problems].map((p) => p.message),
          };
        }),
      };
    },

    'cloud.draftTemplate': async ({ id, category, brief, header }) => {
      const account = service.requireAccount(id);
      return draftTemplateWithAi(ai, { category, brief, header, business: account.verified_name ?? account.display_phone ?? 'a empresa' });
    },

    'cloud.settings': () => settingsView(),

    'cloud.updateSettings': ({ rateTable, graphVersion }) => {
      if (rateTable) {
        const problems = rateTableProblems(rateTable);
        if (problems.length) throw new ApiError('cloud.bad_rates', problems.join(' '), { problems });
      }
      service.store.saveSettings({
        ...(rateTable !== undefined ? { rateTable: rateTable ? { ...rateTable, editedAt: Date.now() } : null } : {}),
        ...(graphVersion !== undefined ? { graphVersion } : {}),
      });
      return settingsView();
    },

    'cloud.estimate': ({ campaignId, unsaved }) => {
      const row = ctx.db.prepare<[number], { draft: string; status: string }>('SELECT draft, status FROM campaigns WHERE id = ?').get(campaignId);
      if (!row) throw new ApiError('campaigns.not_found', `A campanha ${campaignId} não existe mais. Atualize a lista de campanhas.`, undefined, { id: campaignId });
      const draft = readDraft(row.draft);
      const edits = row.status === 'draft' ? unsaved : undefined;
      const saved = draft.channel === 'cloud' ? draft.cloudTemplate : (draft.fallback?.template ?? null);
      const tpl = edits ? edits.template : saved ? { numberId: saved.numberId, category: saved.template.category } : null;
      const recipients =
        row.status === 'draft'
          ? previewAudience(ctx.db, edits?.audience ?? draft.audience).final
          : (ctx.db.prepare<[number], { n: number }>("SELECT count(*) AS n FROM deliveries WHERE campaign_id = ? AND state = 'queued'").get(campaignId)?.n ?? 0);
      const table = service.store.settings().rateTable;
      const category = tpl?.category ?? null;
      const account = tpl ? service.store.account(tpl.numberId) : undefined;
      return {
        recipients,
        category,
        perMessage: rateFor(table, category),
        total: estimateCost(table, category, recipients),
        tableDate: table.effectiveFrom,
        messagingLimit: account ? limitCount(account.messaging_limit) : null,
        planPerDay: ctx.plan.current().limits.messagesPerDay,
        via: tpl ? (draft.channel === 'cloud' ? ('cloud' as const) : ('fallback' as const)) : null,
      };
    },

    'cloud.campaignCost': ({ campaignId }) => {
      const cost = service.store.campaignCost(campaignId);
      const route = ctx.db.prepare<[number], { fallback_at: number; reason: string }>('SELECT fallback_at, reason FROM campaign_routes WHERE campaign_id = ?').get(campaignId);
      return { ...cost, tableDate: service.store.settings().rateTable.effectiveFrom, fallbackAt: route?.fallback_at ?? null, fallbackReason: route?.reason ?? null };
    },

    'cloud.spending': () => {
      // This month in the app's time zone, as the user reads their Meta invoice.
      const tz = ctx.settings.get().timeZone;
      const { year, month } = localDate(Date.now(), tz);
      const from = zonedTimeToEpoch({ year, month, day: 1 }, 0, 0, tz);
      const to = zonedTimeToEpoch(month === 12 ? { year: year + 1, month: 1, day: 1 } : { year, month: month + 1, day: 1 }, 0, 0, tz);
      return { month: `${year}-${String(month).padStart(2, '0')}`, ...service.store.billedBetween(from, to), tableDate: service.store.settings().rateTable.effectiveFrom };
    },
  };
}
