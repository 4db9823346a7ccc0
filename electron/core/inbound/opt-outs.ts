/** The opt-out list (contacts with status opted_out, with how they left) and its CSV export. */
import type { Db } from '../db/open';
import type { OptOutRow } from '../../../shared/api/methods/opt-outs';

const SELECT = `
  SELECT c.id AS contactId, c.phone_key AS phone, c.name AS name, c.opted_out_at AS optedOutAt,
         e.source AS source, e.keyword AS keyword
  FROM contacts c
  LEFT JOIN opt_out_events e ON e.id = (SELECT max(id) FROM opt_out_events WHERE contact_id = c.id)
  WHERE c.status = 'opted_out'
  ORDER BY c.opted_out_at DESC, c.id DESC`;

export function listOptOuts(db: Db, offset = 0, limit = 50): { total: number; rows: OptOutRow[] } {
  const total = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM contacts WHERE status = 'opted_out'`).get()!.n;
  const rows = db.prepare<[number, number], OptOutRow>(`${SELECT} LIMIT ? OFFSET ?`).all(limit, offset);
  return { total, rows };
}

const SOURCE_LABEL: Record<string, string> = { reply: 'Resposta', manual: 'Manual', import: 'Importação' };

function cell(v: string): string {
  // Neutralize spreadsheet formulas and quote when needed.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** `;`-separated CSV with a BOM so Excel in Brazil opens it with accents intact. */
export function exportOptOutsCsv(db: Db, timeZone: string): string {
  const fmt = new Intl.DateTimeFormat('pt-BR', { timeZone, dateStyle: 'short', timeStyle: 'short' });
  const lines = ['telefone;nome;data_saida;origem;palavra'];
  for (const r of db.prepare<[], OptOutRow>(SELECT).iterate()) {
    lines.push(
      [r.phone, r.name ?? '', r.optedOutAt ? fmt.format(new Date(r.optedOutAt)) : '', r.source ? (SOURCE_LABEL[r.source] ?? r.source) : '', r.keyword ?? '']
        .map(cell)
        .join(';'),
    );
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
