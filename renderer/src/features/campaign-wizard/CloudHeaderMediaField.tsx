import type { HeaderMedia } from '../../../../shared/cloud/campaign-schema';
import { CLOUD_HEADER_MEDIA, type HeaderMediaKind } from '../../../../shared/cloud/header-media';
import { useT } from '../../i18n';
import { HeaderMediaPicker } from '../cloud/HeaderMediaPicker';

/**
 * The header image, video or document of a template with a media header. The file is stored in
 * the data dir like any attachment; the Cloud channel uploads it to Meta once (on the first send)
 * and reuses its media id. Only the formats and sizes the Cloud API takes for headers are accepted.
 */
export function CloudHeaderMediaField({ kind, value, onChange }: { kind: HeaderMediaKind; value: HeaderMedia | null; onChange(next: HeaderMedia | null): void }) {
  const t = useT();
  return (
    <HeaderMediaPicker
      kind={kind}
      value={value}
      onChange={onChange}
      rules={CLOUD_HEADER_MEDIA}
      labelKey="cloudMedia.label"
      helpKey="cloudMedia.help"
      testId="cloud-header-media"
      notice={(invalid, kindText) => invalid ?? t('cloudMedia.missing', { kind: kindText })}
    />
  );
}
