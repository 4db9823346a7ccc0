/**
 * Groups in the stand-in: who is in them (simulated contacts and linked accounts), their
 * settings, and the binary nodes WhatsApp uses to describe them (`w:g2` answers, `w:gp2`
 * notifications). Messages in a group travel encrypted with sender keys (`skmsg`); see
 * server.ts for both directions.
 */
import type { BinaryNode, proto } from '@whiskeysockets/baileys';
import crypto from 'node:crypto';

/** The slice of a contact or an account a group needs (both have a phone, a LID and a name). */
export interface GroupMember {
  readonly phone: string;
  readonly lid: string;
  readonly name: string;
}

export type GroupRole = 'member' | 'admin' | 'superadmin';

export interface GroupOptions {
  subject: string;
  /** Members, optionally with their role (the first admin is the creator). */
  members: Array<GroupMember | [GroupMember, GroupRole]>;
  /** Only admins may post ("Somente admins"). */
  announce?: boolean;
  /** Only admins may edit the group's info. */
  locked?: boolean;
  description?: string;
  /** How members are addressed on the wire: by LID (WhatsApp's default now) or by phone number. */
  addressingMode?: 'lid' | 'pn';
}

/** A message as it was posted in a group, with who could read it. */
export interface GroupPost {
  id: string;
  /** The phone (digits) of whoever posted it: a contact, or a linked account. */
  from: string;
  message: proto.IMessage;
  media: Buffer | null;
  /** Phones of the simulated members that decrypted it. */
  readBy: string[];
  at: number;
}

export class WaGroup {
  readonly id: string;
  subject: string;
  description: string | null;
  announce: boolean;
  locked: boolean;
  readonly addressingMode: 'lid' | 'pn';
  readonly creation = Math.floor(Date.now() / 1000);
  readonly members = new Map<GroupMember, GroupRole>();
  readonly posts: GroupPost[] = [];
  /** Devices (`phone>deviceJid`) a member already gave its sender key to. */
  readonly keysGiven = new Set<string>();
  private waiters: Array<() => void> = [];

  constructor(opts: GroupOptions) {
    this.id = `120363${crypto.randomInt(100_000_000, 999_999_999)}${crypto.randomInt(100_000, 999_999)}`;
    this.subject = opts.subject;
    this.description = opts.description ?? null;
    this.announce = opts.announce ?? false;
    this.locked = opts.locked ?? false;
    this.addressingMode = opts.addressingMode ?? 'lid';
    for (const m of opts.members) {
      if (Array.isArray(m)) this.members.set(m[0], m[1]);
      else this.members.set(m, 'member');
    }
  }

  get jid(): string {
    return `${this.id}@g.us`;
  }

  get creator(): GroupMember | undefined {
    for (const [m, role] of this.members) if (role === 'superadmin') return m;
    for (const [m, role] of this.members) if (role === 'admin') return m;
    return this.members.keys().next().value;
  }

  has(m: GroupMember): boolean {
    return this.members.has(m);
  }

  isAdmin(m: GroupMember): boolean {
    const role = this.members.get(m);
    return role === 'admin' || role === 'superadmin';
  }

  /** How a member is named on the wire in this group. */
  memberJid(m: GroupMember): string {
    return this.addressingMode === 'lid' ? `${m.lid}@lid` : `${m.phone}@s.whatsapp.net`;
  }

  /** The member's other address, as WhatsApp adds it next to the first (`phone_number` / `lid`). */
  memberAltAttrs(m: GroupMember): Record<string, string> {
    return this.addressingMode === 'lid' ? { phone_number: `${m.phone}@s.whatsapp.net` } : { lid: `${m.lid}@lid` };
  }

  memberByJid(jid: string): GroupMember | undefined {
    const user = jid.split('@')[0]?.split(':')[0];
    for (const m of this.members.keys()) if (m.phone === user || m.lid === user) return m;
    return undefined;
  }

  /** The `<participant>` node of a member. */
  participantNode(m: GroupMember): BinaryNode {
    const role = this.members.get(m);
    return { tag: 'participant', attrs: { jid: this.memberJid(m), ...this.memberAltAttrs(m), ...(role && role !== 'member' ? { type: role } : {}) } };
  }

  /** The `<group>` node WhatsApp answers metadata queries (and the participating list) with. */
  node(): BinaryNode {
    const creator = this.creator;
    const content: BinaryNode[] = [...this.members.keys()].map((m) => this.participantNode(m));
    if (this.announce) content.push({ tag: 'announcement', attrs: {} });
    if (this.locked) content.push({ tag: 'locked', attrs: {} });
    if (this.description) {
      content.push({ tag: 'description', attrs: { id: 'desc1', t: String(this.creation) }, content: [{ tag: 'body', attrs: {}, content: Buffer.from(this.description, 'utf8') }] });
    }
    return {
      tag: 'group',
      attrs: {
        id: this.id,
        subject: this.subject,
        s_t: String(this.creation),
        creation: String(this.creation),
        addressing_mode: this.addressingMode,
        size: String(this.members.size),
        ...(creator ? { creator: this.memberJid(creator), s_o: this.memberJid(creator) } : {}),
      },
      content,
    };
  }

  /** Resolves once a post matches `pred`. */
  async waitForPost(pred: (p: GroupPost) => boolean = () => true, limitMs = 15_000): Promise<GroupPost> {
    const start = Date.now();
    for (;;) {
      const found = this.posts.find(pred);
      if (found) return found;
      if (Date.now() - start > limitMs) throw new Error(`group ${this.subject}: no matching post`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** @internal */
  record(p: GroupPost): void {
    this.posts.push(p);
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}
