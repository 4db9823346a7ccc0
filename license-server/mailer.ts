// Buyer emails. Every email is first written to the outbox table (so the seller
// can always see and resend it with `license-admin outbox`); when SMTP is
// configured it is then sent in the background and marked sent or failed.
import type { Db } from './db';
import type { Logger, SmtpConfig } from './config';
import { sendSmtp } from './smtp';

export interface Email {
  licenseId?: string | null;
  to: string;
  subject: string;
  body: string;
}

export interface OutboxRow {
  id: number;
  license_id: string | null;
  to_addr: string;
  subject: string;
  body: string;
  created_at: number;
  sent_at: number | null;
  error: string | null;
}

export class Mailer {
  private pending = new Set<Promise<unknown>>();

  constructor(
    private readonly db: Db,
    private readonly smtp: SmtpConfig | null,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  /** Records the email; sends it later if SMTP is configured. Never throws on delivery. */
  queue(email: Email): number {
    const id = Number(
      this.db
        .prepare('INSERT INTO outbox (license_id, to_addr, subject, body, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(email.licenseId ?? null, email.to, email.subject, email.body, this.now()).lastInsertRowid,
    );
    if (!this.smtp) {
      this.logger.warn({ outboxId: id, licenseId: email.licenseId }, 'SMTP not configured: email kept in the outbox (license-admin outbox)');
      return id;
    }
    const task = this.deliver(id).finally(() => this.pending.delete(task));
    this.pending.add(task);
    return id;
  }

  async deliver(id: number): Promise<boolean> {
    const row = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as OutboxRow | undefined;
    if (!row || !this.smtp) return false;
    try {
      await sendSmtp(this.smtp, { to: row.to_addr, subject: row.subject, text: row.body });
      this.db.prepare('UPDATE outbox SET sent_at = ?, error = NULL WHERE id = ?').run(this.now(), id);
      this.logger.info({ outboxId: id, licenseId: row.license_id }, 'email sent');
      return true;
    } catch (error) {
      this.db.prepare('UPDATE outbox SET error = ? WHERE id = ?').run(String((error as Error).message).slice(0, 500), id);
      this.logger.error({ outboxId: id, licenseId: row.license_id, err: (error as Error).message }, 'email delivery failed');
      return false;
    }
  }

  /** Waits for in-flight deliveries (server shutdown, tests). */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  list(onlyUnsent = false): OutboxRow[] {
    return this.db
      .prepare(`SELECT * FROM outbox ${onlyUnsent ? 'WHERE sent_at IS NULL' : ''} ORDER BY id DESC`)
      .all() as OutboxRow[];
  }
}

export function licenseKeyEmail(input: { name?: string | null; key: string; planLabel: string; maxMachines: number }): { subject: string; body: string } {
  const greeting = input.name ? `Olá, ${input.name.split(/\s+/)[0]}!` : 'Olá!';
  const machines = input.maxMachines === 1 ? '1 computador' : `${input.maxMachines} computadores`;
  return {
    subject: 'Sua chave de licença do Recado',
    body: [
      greeting,
      '',
      `Obrigado por comprar o Recado (plano ${input.planLabel}).`,
      '',
      'Sua chave de licença é:',
      '',
      `    ${input.key}`,
      '',
      'Para ativar: abra o Recado, vá em Licença, cole a chave e clique em Ativar.',
      `A mesma chave pode ficar ativa em até ${machines} ao mesmo tempo.`,
      'Para trocar de computador, desative o Recado no computador antigo antes.',
      '',
      'Guarde este e-mail. Se precisar de ajuda, é só responder.',
    ].join('\r\n'),
  };
}
