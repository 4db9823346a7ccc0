import { useMemo } from 'react';
import { useAppStore } from '../store/app-store';
import { translate } from '../i18n';
import { displayTime, pcTimeZone, type DisplayTime } from './time';

/** Times shown in one zone (the app's), with the zone named when it is not the computer's. */
export function useDisplayTime(): DisplayTime {
  const language = useAppStore((s) => s.settings?.language ?? 'pt-BR');
  const zone = useAppStore((s) => s.settings?.timeZone) ?? pcTimeZone();
  return useMemo(() => displayTime(language, zone, (label) => translate(language, 'time.zoneNote', { zone: label })), [language, zone]);
}
