import type { ReactNode } from 'react';
import { parseWhatsAppFormatting, type WaToken } from '../../../../shared/template/whatsapp-format';

/** WhatsApp formatting as React elements: message text can never become markup. */
function renderTokens(tokens: WaToken[], prefix: string): ReactNode[] {
  return tokens.map((t, i) => {
    const key = `${prefix}${i}`;
    switch (t.type) {
      case 'text':
        return <span key={key}>{t.text}</span>;
      case 'newline':
        return <br key={key} />;
      case 'bold':
        return <strong key={key}>{renderTokens(t.children, `${key}.`)}</strong>;
      case 'italic':
        return <em key={key}>{renderTokens(t.children, `${key}.`)}</em>;
      case 'strike':
        return <s key={key}>{renderTokens(t.children, `${key}.`)}</s>;
      case 'monospace':
        return (
          <code key={key} className="wa-mono">
            {t.text}
          </code>
        );
      case 'code':
        return (
          <code key={key} className="wa-code">
            {t.text}
          </code>
        );
    }
  });
}

export function FormattedText({ text }: { text: string }) {
  return <>{renderTokens(parseWhatsAppFormatting(text), '')}</>;
}
