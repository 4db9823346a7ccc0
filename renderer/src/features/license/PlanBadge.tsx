import { BadgeCheck } from 'lucide-react';
import { licenseNoticeText, useErrorText, useLanguage, useT, type MessageKey } from '../../i18n';
import { useLicenseStore } from './license-store';

/** Small plan indicator for the status bar; links to Configurações → Licença. */
export function PlanBadge() {
  const t = useT();
  const language = useLanguage();
  const errorText = useErrorText();
  const status = useLicenseStore((s) => s.status);
  if (!status) return null;
  const warn = status.state === 'in_grace' || status.state === 'expired' || status.state === 'invalid';
  return (
    <a
      href="#/configuracoes"
      className={`plan-badge plan-badge--${status.plan}${warn ? ' plan-badge--warn' : ''}`}
      data-testid="plan-badge"
      title={licenseNoticeText(language, status) ?? (status.reason ? errorText({ code: status.reasonCode ?? '', message: status.reason }, status.reason) : undefined)}
    >
      <BadgeCheck size={14} aria-hidden="true" />
      {t('license.badge', { plan: t(`license.planName.${status.plan}` as MessageKey) })}
    </a>
  );
}
