/** "07/12/2026 14:05" in the computer's zone (the number card, the relay's last event). */
export function formatDateTime(t: number): string {
  return new Date(t).toLocaleString('pt-BR', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** "R$ 0,3375" for a per-message rate, "R$ 12,34" for totals. */
export function brl(value: number, perMessage = false): string {
  return new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL', minimumFractionDigits: 2, maximumFractionDigits: perMessage ? 4 : 2 }).format(value);
}

/** "2026-10-01" → "01/10/2026". */
export function isoDateBr(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}
