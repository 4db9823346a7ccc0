/**
 * Offer mirroring's rewrite rules (pure, shared so the form previews exactly what the core
 * posts): in list order, each rule changes the links of a message (set or remove a query
 * parameter, e.g. an affiliate `tag`) or replaces a piece of text anywhere (a URL fragment,
 * a coupon, a signature).
 */

export type RewriteRule =
  /** Every link (of `host`, when given) gets `param=value`, replacing the one it had. */
  | { kind: 'setParam'; param: string; value: string; host?: string | undefined }
  /** Every link (of `host`, when given) loses `param`. */
  | { kind: 'removeParam'; param: string; host?: string | undefined }
  /** Every occurrence of `find` becomes `replace` (literal, case-sensitive; empty removes it). */
  | { kind: 'replace'; find: string; replace: string };

export interface RewriteResult {
  text: string;
  /** The links of the rewritten text, in order. */
  links: string[];
}

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?)\]}*_~]+$/;

/** The links in a text (trailing punctuation left out: "veja https://x.com/a." → https://x.com/a). */
export function linksIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(URL_RE)) {
    const link = m[0].replace(TRAILING, '');
    if (link.length > 'https://'.length) out.push(link);
  }
  return out;
}

/** `amazon.com.br` matches `www.amazon.com.br` and `amazon.com.br`, not `notamazon.com.br`. */
export function hostMatches(hostname: string, host: string | undefined): boolean {
  if (!host) return true;
  const want = host.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '').replace(/^www\./, '');
  if (!want) return true;
  const h = hostname.toLowerCase();
  return h === want || h.endsWith(`.${want}`);
}

function rewriteLink(link: string, rule: Extract<RewriteRule, { kind: 'setParam' | 'removeParam' }>): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return link;
  }
  if (!hostMatches(url.hostname, rule.host)) return link;
  const name = rule.param.trim();
  if (!name) return link;
  // Parameter names compared without case: `Tag` and `tag` are the same affiliate tag to a shop.
  const same = [...url.searchParams.keys()].filter((k) => k.toLowerCase() === name.toLowerCase());
  if (rule.kind === 'removeParam') {
    if (!same.length) return link;
    for (const k of same) url.searchParams.delete(k);
  } else {
    const current = same.length === 1 ? url.searchParams.getAll(same[0]!) : [];
    if (current.length === 1 && current[0] === rule.value) return link;
    for (const k of same) url.searchParams.delete(k);
    url.searchParams.append(name, rule.value);
  }
  return url.toString();
}

function applyToLinks(text: string, rule: Extract<RewriteRule, { kind: 'setParam' | 'removeParam' }>): string {
  return text.replace(URL_RE, (raw) => {
    const link = raw.replace(TRAILING, '');
    return rewriteLink(link, rule) + raw.slice(link.length);
  });
}

/** Applies the rules in order; the result is trimmed (an empty text means nothing is left to post). */
export function rewriteText(text: string, rules: readonly RewriteRule[]): RewriteResult {
  let out = text;
  for (const rule of rules) {
    if (rule.kind === 'replace') {
      if (rule.find) out = out.split(rule.find).join(rule.replace);
    } else {
      out = applyToLinks(out, rule);
    }
  }
  out = out.trim();
  return { text: out, links: linksIn(out) };
}
