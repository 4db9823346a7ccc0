/**
 * Números → Grupos: reads a linked number's groups from WhatsApp (on demand, when the number
 * connects, and shortly after a group notification: renamed, admins-only, someone added or
 * removed) and keeps them in `wa_groups`.
 */
import type { CoreContext } from '../context';
import { ApiError } from '../../../shared/api/errors';
import type { GroupList } from '../../../shared/api/methods/groups';
import { ChannelSendError, isChannelSendError } from '../channels/errors';
import type { WhatsAppService } from '../channels/whatsapp/whatsapp-service';
import { GroupsStore } from './groups-store';

export interface GroupsServiceOptions {
  /** Group notifications often come in bursts (several people added): one refresh after the last. */
  debounceMs?: number;
  /** A read WhatsApp does not answer in this time fails (Baileys itself waits a minute). */
  timeoutMs?: number;
  now?: () => number;
}

interface NumberRow {
  id: number;
  kind: string;
  label: string;
}

export class GroupsService {
  readonly store: GroupsStore;
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();
  private readonly running = new Map<number, Promise<GroupList>>();
  private readonly now: () => number;
  private unsubscribe: (() => void) | null = null;
  private closed = false;

  constructor(
    private readonly ctx: CoreContext,
    private readonly wa: WhatsAppService,
    private readonly opts: GroupsServiceOptions = {},
  ) {
    this.store = new GroupsStore(ctx.db);
    this.now = opts.now ?? Date.now;
  }

  start(): void {
    this.unsubscribe = this.wa.subscribe((e) => {
      if (e.type === 'groups') this.schedule(e.numberId, this.opts.debounceMs ?? 1_500);
      else if (e.type === 'status' && e.status.state === 'connected') this.schedule(e.numberId, 0);
    });
  }

  close(): void {
    this.closed = true;
    this.unsubscribe?.();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    // A read still waiting for WhatsApp is not awaited: its socket closes next, and the result
    // is dropped once the database is closed.
  }

  list(numberId: number): GroupList {
    this.whatsAppNumber(numberId);
    return this.store.list(numberId);
  }

  /** Reads the groups again now. One read per number at a time; callers share it. */
  refresh(numberId: number): Promise<GroupList> {
    const row = this.whatsAppNumber(numberId);
    const pending = this.running.get(numberId);
    // A read left waiting by a dropped connection is not shared: this one says why at once.
    if (pending && this.wa.get(numberId)?.status().state === 'connected') return pending;
    const p = this.read(row).finally(() => this.running.delete(numberId));
    this.running.set(numberId, p);
    return p;
  }

  private async read(row: NumberRow): Promise<GroupList> {
    const channel = this.wa.get(row.id);
    if (!channel || channel.status().state !== 'connected') {
      throw new ApiError('groups.not_connected', `O número "${row.label}" não está conectado. Conecte-o em Números para ler os grupos dele.`, undefined, { label: row.label });
    }
    let groups;
    try {
      groups = await withTimeout(channel.listGroups(), this.opts.timeoutMs ?? 30_000);
    } catch (err) {
      const code = isChannelSendError(err) ? err.code : 'UNKNOWN';
      this.ctx.logger.warn({ numberId: row.id, code }, 'could not list the groups of a number');
      throw new ApiError('groups.refresh_failed', 'Não foi possível ler os grupos do WhatsApp agora. Verifique a conexão do número e tente de novo.', { code }, { reason: `channel.${code}` });
    }
    if (this.closed || !this.ctx.db.open) return { numberId: row.id, refreshedAt: null, groups: [] };
    this.store.replace(row.id, groups, this.now());
    this.ctx.events.emit('groups.changed', { numberId: row.id });
    return this.store.list(row.id);
  }

  private schedule(numberId: number, delayMs: number): void {
    if (this.closed) return;
    const prev = this.timers.get(numberId);
    if (prev) clearTimeout(prev);
    const t = setTimeout(() => {
      this.timers.delete(numberId);
      if (this.closed) return;
      this.refresh(numberId).catch((err: unknown) => {
        // Background refreshes only log; the list keeps what was read before.
        if (!(err instanceof ApiError)) this.ctx.logger.warn({ err, numberId }, 'background group refresh failed');
      });
    }, delayMs);
    t.unref?.();
    this.timers.set(numberId, t);
  }

  private whatsAppNumber(numberId: number): NumberRow {
    const row = this.ctx.db.prepare<[number], NumberRow>('SELECT id, kind, label FROM numbers WHERE id = ?').get(numberId);
    if (!row) throw new ApiError('numbers.not_found', `O número ${numberId} não existe mais. Atualize a página de números.`, undefined, { id: numberId });
    if (row.kind !== 'whatsapp') {
      throw new ApiError('groups.simulated', 'Números simulados não participam de grupos. Conecte um número de WhatsApp para ver e usar os grupos dele.');
    }
    return row;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ChannelSendError('TIMEOUT')), ms);
    timer.unref?.();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
