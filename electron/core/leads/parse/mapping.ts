import { normalizePhone } from '../../../../shared/phone';
import type { CountryCode } from '../../../../shared/phone';
import { columnVariableKey, fieldKey } from '../../../../shared/leads/field-key';

export { fieldKey };

/** Which column holds what. Column indexes are 0-based positions in the row. */
export interface ColumnMapping {
  phone: number;
  /** Optional separate DDD column, joined in front of the phone. */
  areaCode?: number;
  name?: number;
  email?: number;
  /** Custom fields: column index → template-safe key. */
  fields: Record<number, string>;
}

/** "A", "B", … "AA": how spreadsheets name columns. */
export function columnLetter(i: number): string {
  let s = '';
  let n = i + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

const PHONE_WORDS = new Set([
  'telefone', 'telefones', 'tel', 'fone', 'fones', 'celular', 'celulares', 'cel', 'whatsapp', 'whats',
  'whatsap', 'watsapp', 'zap', 'wpp', 'phone', 'mobile', 'cellphone', 'cell', 'telephone', 'movel', 'msisdn',
]);
const PHONE_WEAK = new Set(['numero', 'num', 'contato', 'nro', 'n']);
const NAME_WORDS = new Set(['nome', 'name', 'cliente', 'clientes', 'lead', 'responsavel', 'aluno', 'paciente', 'comprador', 'destinatario', 'pessoa']);
const NAME_PHRASES = new Set(['razao_social', 'nome_completo', 'full_name', 'nome_do_cliente', 'nome_cliente', 'primeiro_nome', 'first_name', 'contato_nome', 'nome_fantasia']);
const EMAIL_WORDS = new Set(['email', 'e_mail', 'mail', 'correio_eletronico']);

export interface SuggestedMapping extends Partial<ColumnMapping> {
  fields: Record<number, string>;
  /** Why a phone column was chosen, for the UI: by title or by content. */
  phoneBy?: 'header' | 'content';
}

function phoneHeaderScore(key: string): number {
  const tokens = key.split('_');
  if (tokens.some((t) => PHONE_WORDS.has(t)) || key === 'ddd_telefone' || key === 'link') return 2;
  if (tokens.some((t) => PHONE_WEAK.has(t))) return 1;
  return 0;
}

function nameHeaderScore(key: string): number {
  if (key === 'nome' || key === 'name') return 4;
  if (NAME_PHRASES.has(key)) return 3;
  const tokens = key.split('_');
  if (tokens[0] === 'nome' || tokens[0] === 'name') return 2;
  if (tokens.some((t) => NAME_WORDS.has(t)) || key === 'contato') return 1;
  return 0;
}

/**
 * Proposes a mapping from titles and sample rows. Content wins over titles for the phone: a
 * column where most values normalize as phones (or are wa.me links) is the phone column.
 */
export function suggestMapping(headers: string[], sample: string[][], defaultCountry: CountryCode = 'BR'): SuggestedMapping {
  const width = Math.max(headers.length, ...sample.map((r) => r.length), 0);
  const keys = Array.from({ length: width }, (_, i) => fieldKey(headers[i] ?? ''));
  const stats = Array.from({ length: width }, (_, c) => {
    let nonEmpty = 0;
    let phones = 0;
    let mobiles = 0;
    let emails = 0;
    let texty = 0;
    for (const row of sample) {
      const v = (row[c] ?? '').trim();
      if (v === '') continue;
      nonEmpty++;
      const p = normalizePhone(v, { defaultCountry });
      if (p.ok) {
        phones++;
        if (p.kind === 'mobile') mobiles++;
      }
      if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) emails++;
      if (/[a-zA-Z\u00c0-\u024f]{2,}/.test(v) && !/@|https?:|wa\.me/i.test(v)) texty++;
    }
    return { nonEmpty, phones, mobiles, emails, texty };
  });

  const out: SuggestedMapping = { fields: {} };

  // Phone: best content ratio, titles break ties; a title alone counts when the sample is empty.
  let bestPhone = -1;
  let bestScore = 0;
  for (let c = 0; c < width; c++) {
    const s = stats[c];
    const ratio = s.nonEmpty ? s.phones / s.nonEmpty : 0;
    const mobileRatio = s.nonEmpty ? s.mobiles / s.nonEmpty : 0;
    const h = phoneHeaderScore(keys[c]);
    const score = (ratio >= 0.5 ? ratio + 0.5 * mobileRatio : 0) + 0.3 * h + (s.nonEmpty === 0 && h === 2 ? 0.1 : 0);
    if (score > bestScore && (ratio >= 0.5 || h === 2)) {
      bestScore = score;
      bestPhone = c;
    }
  }
  const bestRatio = bestPhone >= 0 && stats[bestPhone].nonEmpty ? stats[bestPhone].phones / stats[bestPhone].nonEmpty : 0;
  if (bestPhone >= 0) {
    out.phone = bestPhone;
    out.phoneBy = bestRatio >= 0.5 && phoneHeaderScore(keys[bestPhone]) === 0 ? 'content' : 'header';
  }
  if (bestRatio < 0.5) {
    // "DDD" + "Telefone" split in two columns: try joining them.
    const ddd = keys.indexOf('ddd');
    if (ddd >= 0) {
      for (let c = 0; c < width; c++) {
        if (c === ddd || phoneHeaderScore(keys[c]) === 0) continue;
        const joined = sample.filter((r) => (r[c] ?? '').trim() !== '');
        const ok = joined.filter((r) => normalizePhone(`${r[ddd] ?? ''} ${r[c]}`, { defaultCountry }).ok).length;
        if (joined.length === 0 || ok / joined.length >= 0.5) {
          out.phone = c;
          out.areaCode = ddd;
          out.phoneBy = 'header';
          break;
        }
      }
    }
  }

  // E-mail: by title, else by content.
  for (let c = 0; c < width; c++) {
    if (c === out.phone) continue;
    const isTitle = EMAIL_WORDS.has(keys[c]) || keys[c].split('_').includes('email');
    const s = stats[c];
    if (isTitle || (s.nonEmpty > 0 && s.emails / s.nonEmpty >= 0.6)) {
      out.email = c;
      break;
    }
  }

  // Name: by title; content must be mostly text.
  let bestName = -1;
  let bestNameScore = 0;
  for (let c = 0; c < width; c++) {
    if (c === out.phone || c === out.email || c === out.areaCode) continue;
    const s = stats[c];
    const h = nameHeaderScore(keys[c]);
    if (h === 0) continue;
    if (s.nonEmpty > 0 && s.texty / s.nonEmpty < 0.5) continue;
    if (h > bestNameScore) {
      bestNameScore = h;
      bestName = c;
    }
  }
  if (bestName >= 0) out.name = bestName;

  // Everything else with a title becomes a custom field. A column without a title is not offered
  // as a variable ({coluna_f} means nothing in a message) until the user names it. A title that
  // is a built-in's name is renamed, or the built-in would hide it: "Data" → {data_planilha}.
  const used = new Set<string>();
  for (let c = 0; c < width; c++) {
    if (c === out.phone || c === out.email || c === out.name || c === out.areaCode) continue;
    const title = (headers[c] ?? '').trim();
    if (title === '') continue;
    let key = columnVariableKey(keys[c]);
    if (used.has(key)) {
      let n = 2;
      while (used.has(`${key}_${n}`)) n++;
      key = `${key}_${n}`;
    }
    used.add(key);
    out.fields[c] = key;
  }
  return out;
}
