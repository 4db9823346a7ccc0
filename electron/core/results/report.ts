/**
 * Campaign reports: one row per delivery, written to a file in pages (keyset on the delivery
 * id) with a turn of the event loop between pages, so a large campaign never blocks sending.
 *
 * - CSV: `;`, CRLF, UTF-8 with BOM (what Excel in Portuguese expects), streamed to disk.
 * - XLSX (SheetJS): built in memory, so it is offered up to XLSX_MAX_ROWS deliveries; larger
 *   campaigns are exported as CSV (Excel opens it the same way).
 * - Cells starting with = + - @ are neutralised (see leads/csv-out), in CSV and XLSX alike.
 * - Times are in the app's time zone (Configurações), the one every screen shows, and the summary
 *   names it; anything that involved a simulated number says SIMULADO.
 * - Enviadas / Entregues / Lidas are cumulative, as on every screen (shared/results funnelOf).
 * - In the app's language (Configurações): pt-BR, or English when the app is in English. The
 *   command line always writes pt-BR.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type * as XLSX from 'xlsx';
import { loadSheetjs, sheetjs } from '../lib/sheetjs';
import type { Db } from '../db/open';
import { ApiError } from '../../../shared/api/errors';
import type { ReportFormat } from '../../../shared/api/methods/results';
import type { DeliveryStateName } from '../../../shared/api/methods/campaign-run';
import { DELIVERY_STATE_LABELS, DELIVERY_STATE_LABELS_EN, SIMULATED_LABEL, SIMULATED_LABEL_EN, computeRates, deliveryReason, funnelOf, variationLetter } from '../../../shared/results';
import type { Language } from '../../../shared/settings/schema';
import { viewStateSql } from '../campaigns/deliveries/states';
import { SettingsStore } from '../settings/settings-store';
import { formatPhone } from '../../../shared/phone';
import { CSV_BOM, csvLine, escapeFormula } from '../leads/csv-out';
import { campaignNotFound, campaignNumbers, parseDraft, type CampaignHead } from './campaign-docs';
import { CampaignResultsReader } from './campaign-results';

export const XLSX_MAX_ROWS = 200_000;
const PAGE = 2000;

export const REPORT_HEADERS = [
  'Contato',
  'Telefone',
  'Situação',
  'Variação',
  'Texto enviado',
  'Número usado',
  'Enviada em',
  'Entregue em',
  'Lida em',
  'Respondida em',
  'Erro',
  'Resposta',
] as const;

export const REPORT_HEADERS_EN = [
  'Contact',
  'Phone',
  'Status',
  'Variation',
  'Text sent',
  'Number used',
  'Sent at',
  'Delivered at',
  'Read at',
  'Replied at',
  'Error',
  'Reply',
] as const;

/** The words of a report in each language (the data itself is never translated). */
const WORDS = {
  'pt-BR': {
    headers: REPORT_HEADERS as readonly string[],
    states: DELIVERY_STATE_LABELS,
    simulated: SIMULATED_LABEL,
    fileStem: 'recado-campanha',
    fallbackSlug: 'campanha',
    locale: 'pt-BR',
    sheets: { summary: 'Resumo', deliveries: 'Envios' },
    summary: {
      campaign: 'Campanha',
      simulatedNote: 'Esta campanha usou um número simulado: as mensagens desse número não foram enviadas de verdade.',
      timeZone: 'Fuso horário',
      total: 'Contatos na campanha',
      sent: 'Enviadas',
      delivered: 'Entregues',
      read: 'Lidas',
      replied: 'Respondidas',
      failed: 'Falharam',
      invalid: 'Sem WhatsApp',
      uncertain: 'Incertas',
      skipped: 'Não enviadas',
      cancelled: 'Canceladas',
      optedOut: 'Descadastros',
      deals: 'Negócios fechados',
      revenue: 'Receita',
      revenuePer100: 'Receita por 100 mensagens',
      variation: 'Variação',
      variationCols: ['Variação', 'Enviadas', 'Respondidas', 'Negócios', 'Receita'],
      deliveryRate: 'Taxa de entrega',
      readRate: 'Taxa de leitura',
      replyRate: 'Taxa de resposta',
      successRate: 'Taxa de sucesso',
      conversion: 'Conversão',
    },
  },
  en: {
    headers: REPORT_HEADERS_EN as readonly string[],
    states: DELIVERY_STATE_LABELS_EN,
    simulated: SIMULATED_LABEL_EN,
    fileStem: 'recado-campaign',
    fallbackSlug: 'campaign',
    locale: 'en-US',
    sheets: { summary: 'Summary', deliveries: 'Deliveries' },
    summary: {
      campaign: 'Campaign',
      simulatedNote: 'This campaign used a simulated number: the messages of that number were not really sent.',
      timeZone: 'Time zone',
      total: 'Contacts in the campaign',
      sent: 'Sent',
      delivered: 'Delivered',
      read: 'Read',
      replied: 'Replied',
      failed: 'Failed',
      invalid: 'No WhatsApp',
      uncertain: 'Uncertain',
      skipped: 'Not sent',
      cancelled: 'Cancelled',
      optedOut: 'Opt-outs',
      deals: 'Closed deals',
      revenue: 'Revenue',
      revenuePer100: 'Revenue per 100 messages',
      variation: 'Variation',
      variationCols: ['Variation', 'Sent', 'Replied', 'Deals', 'Revenue'],
      deliveryRate: 'Delivery rate',
      readRate: 'Read rate',
      replyRate: 'Reply rate',
      successRate: 'Success rate',
      conversion: 'Conversion',
    },
  },
} satisfies Record<Language, unknown>;

interface Row {
  id: number;
  name: string | null;
  phone: string | null;
  state: DeliveryStateName;
  variation: number | null;
  text: string | null;
  number_label: string | null;
  number_kind: string | null;
  sent_at: number | null;
  delivered_at: number | null;
  read_at: number | null;
  replied_at: number | null;
  error_code: string | null;
  error_reason: string | null;
  reply: string | null;
}

export interface ReportInfo {
  campaignId: number;
  name: string;
  simulated: boolean;
  timeZone: string;
  total: number;
  /** The language the report is written in. */
  language: Language;
}

export interface WrittenReport {
  file: string;
  rows: number;
  bytes: number;
}

/**
 * What a report is about; throws campaigns.not_found. Times follow the app's time zone, and the
 * words its language unless `language` is given (the command line passes pt-BR).
 */
export function reportInfo(db: Db, campaignId: number, language?: Language): ReportInfo {
  const head = db.prepare<[number], CampaignHead>('SELECT id, name, status, draft, started_at, finished_at FROM campaigns WHERE id = ?').get(campaignId);
  if (!head) throw campaignNotFound(campaignId);
  const draft = parseDraft(head.draft);
  const total = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM deliveries WHERE campaign_id = ?').get(campaignId)!.n;
  const settings = new SettingsStore(db).get();
  return { campaignId, name: head.name, simulated: campaignNumbers(db, draft).simulated, timeZone: settings.timeZone, total, language: language ?? settings.language };
}

/** `recado-campanha-12-promocao-de-natal-2025-11-24[-SIMULADO].csv` (`recado-campaign-…[-SIMULATED]` in English) */
export function reportFileName(info: ReportInfo, format: ReportFormat, now: Date = new Date()): string {
  const slug =
    info.name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || WORDS[info.language].fallbackSlug;
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: info.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const words = WORDS[info.language];
  return `${words.fileStem}-${info.campaignId}-${slug}-${day}${info.simulated ? `-${words.simulated}` : ''}.${format}`;
}

function timeFormatter(timeZone: string, locale = 'pt-BR'): (ms: number | null) => string {
  const f = new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  return (ms) => (ms === null ? '' : f.format(new Date(ms)).replace(',', ''));
}

/** Report cells of one delivery, as strings, before formula escaping. */
export function reportCells(r: Row, time: (ms: number | null) => string, language: Language = 'pt-BR'): string[] {
  const words = WORDS[language];
  const number = r.number_label === null ? '' : r.number_kind === 'simulator' ? `${r.number_label} (${words.simulated})` : r.number_label;
  return [
    r.name ?? '',
    r.phone ? formatPhone(r.phone) : '',
    words.states[r.state] ?? r.state,
    r.variation === null ? '' : variationLetter(r.variation),
    r.text ?? '',
    number,
    time(r.sent_at),
    time(r.delivered_at),
    time(r.read_at),
    time(r.replied_at),
    deliveryReason(language, { state: r.state, errorCode: r.error_code, errorReason: r.error_reason }) || (r.error_code ?? ''),
    r.reply ?? '',
  ];
}

/** Every delivery of a campaign, page by page, in id order. */
async function* deliveryPages(db: Db, campaignId: number, yieldBetween: boolean): AsyncGenerator<Row[]> {
  // `+d.campaign_id` keeps SQLite on the rowid range (ordered by id) instead of sorting each page.
  const page = db.prepare<[number, number, number], Row>(
    `SELECT d.id, c.name, c.phone_key AS phone, ${viewStateSql('d')} AS state, d.variation, d.text, n.label AS number_label, n.kind AS number_kind,
            d.sent_at, d.delivered_at, d.read_at, d.replied_at, d.error_code, d.error_reason,
            (SELECT i.text FROM inbound_messages i WHERE i.delivery_id = d.id ORDER BY i.at, i.id LIMIT 1) AS reply
     FROM deliveries d
     LEFT JOIN contacts c ON c.id = d.contact_id
     LEFT JOIN numbers n ON n.id = d.number_id
     WHERE +d.campaign_id = ? AND d.id > ? ORDER BY d.id LIMIT ?`,
  );
  const first = db.prepare<[number], { id: number | null }>('SELECT min(id) AS id FROM deliveries WHERE campaign_id = ?').get(campaignId)?.id;
  if (first === null || first === undefined) return;
  let after = first - 1;
  for (;;) {
    const rows = page.all(campaignId, after, PAGE);
    if (!rows.length) return;
    yield rows;
    after = rows[rows.length - 1].id;
    if (rows.length < PAGE) return;
    if (yieldBetween) await yieldToLoop();
  }
}

/**
 * Writes the report to `file` (created or replaced; parent folders created). `yieldBetween`
 * lets other work run between pages (the app); the CLI may skip it.
 */
export async function writeCampaignReport(
  db: Db,
  campaignId: number,
  format: ReportFormat,
  file: string,
  options: { yieldBetween?: boolean; xlsxMaxRows?: number; language?: Language } = {},
): Promise<WrittenReport> {
  const info = reportInfo(db, campaignId, options.language);
  const words = WORDS[info.language];
  const maxRows = options.xlsxMaxRows ?? XLSX_MAX_ROWS;
  if (format === 'xlsx' && info.total > maxRows) {
    throw new ApiError(
      'reports.too_large_for_xlsx',
      `Esta campanha tem ${info.total.toLocaleString('pt-BR')} envios: acima de ${maxRows.toLocaleString('pt-BR')} o Recado exporta só em CSV, que o Excel abre do mesmo jeito.`,
      undefined,
      { total: info.total, max: maxRows },
    );
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const time = timeFormatter(info.timeZone, words.locale);
  const yieldBetween = options.yieldBetween ?? true;
  let rows = 0;

  if (format === 'csv') {
    const tmp = `${file}.part`;
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, CSV_BOM + csvLine([...words.headers]));
      for await (const page of deliveryPages(db, campaignId, yieldBetween)) {
        let chunk = '';
        for (const r of page) chunk += csvLine(reportCells(r, time, info.language));
        fs.writeSync(fd, chunk);
        rows += page.length;
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } else {
    await loadSheetjs();
    const aoa: string[][] = [[...words.headers]];
    for await (const page of deliveryPages(db, campaignId, yieldBetween)) {
      for (const r of page) aoa.push(reportCells(r, time, info.language).map(escapeFormula));
      rows += page.length;
    }
    const wb = sheetjs().utils.book_new();
    sheetjs().utils.book_append_sheet(wb, summarySheet(db, info), words.sheets.summary);
    const sheet = sheetjs().utils.aoa_to_sheet(aoa);
    sheet['!cols'] = [24, 22, 14, 9, 50, 24, 20, 20, 20, 20, 36, 40].map((wch) => ({ wch }));
    sheetjs().utils.book_append_sheet(wb, sheet, words.sheets.deliveries);
    const tmp = `${file}.part`;
    fs.writeFileSync(tmp, sheetjs().write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
    fs.renameSync(tmp, file);
  }
  return { file, rows, bytes: fs.statSync(file).size };
}

function pct(v: number | null, language: Language): string {
  if (v === null) return '—';
  const fixed = (v * 100).toFixed(1);
  return `${language === 'pt-BR' ? fixed.replace('.', ',') : fixed}%`;
}

function summarySheet(db: Db, info: ReportInfo): XLSX.WorkSheet {
  const r = new CampaignResultsReader(db).read(info.campaignId);
  const c = r.counters;
  const funnel = funnelOf(c);
  const w = WORDS[info.language].summary;
  const rows: Array<[string, string | number]> = [
    [w.campaign, escapeFormula(info.name)],
    ...(info.simulated ? [[WORDS[info.language].simulated, w.simulatedNote] as [string, string]] : []),
    [w.timeZone, info.timeZone],
    [w.total, c.total],
    [w.sent, funnel.sent],
    [w.delivered, funnel.delivered],
    [w.read, funnel.read],
    [w.replied, c.replied],
    [w.failed, c.failed],
    [w.invalid, c.invalid],
    [w.uncertain, c.uncertain],
    [w.skipped, c.skipped],
    [w.cancelled, c.cancelled],
    [w.optedOut, r.optedOut],
    [w.deals, r.closedDeals],
  ];
  const rates = computeRates(c, r.closedDeals);
  const p = (v: number | null) => pct(v, info.language);
  // Money in reais, in the report's language (the value itself is never converted).
  const money = new Intl.NumberFormat(info.language === 'pt-BR' ? 'pt-BR' : 'en-US', { style: 'currency', currency: 'BRL' });
  const reais = (cents: number | null) => (cents === null ? '—' : money.format(cents / 100));
  rows.push([w.revenue, reais(r.revenueCents)], [w.revenuePer100, reais(r.revenuePer100Cents)]);
  rows.push([w.deliveryRate, p(rates.delivery)], [w.readRate, p(rates.read)], [w.replyRate, p(rates.reply)], [w.successRate, p(rates.success)], [w.conversion, p(rates.conversion)]);
  const table: Array<Array<string | number>> = r.variations.length > 1 ? [[], [...w.variationCols], ...r.variations.map((v) => [v.label, v.reached, v.replied, v.deals, reais(v.revenueCents)])] : [];
  const sheet = sheetjs().utils.aoa_to_sheet([...rows, ...table]);
  sheet['!cols'] = [{ wch: 24 }, { wch: 60 }];
  return sheet;
}
