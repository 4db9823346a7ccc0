import type { HeaderMedia } from '../../../../shared/cloud/campaign-schema';
import { TEMPLATE_SAMPLE_MEDIA, type HeaderMediaKind } from '../../../../shared/cloud/header-media';
import { HeaderMediaPicker } from './HeaderMediaPicker';

/**
 * The sample file of a template's image, video or document header, shown to Meta's reviewers.
 * On submit the core uploads it to Meta (resumable upload) and sends its handle with the
 * template, so it takes only what that upload documents (TEMPLATE_SAMPLE_MEDIA).
 */
export function HeaderSampleField({ kind, value, problem, onChange }: { kind: HeaderMediaKind; value: HeaderMedia | null; problem?: string; onChange(next: HeaderMedia | null): void }) {
  return (
    <HeaderMediaPicker
      kind={kind}
      value={value}
      onChange={onChange}
      rules={TEMPLATE_SAMPLE_MEDIA}
      labelKey="cloudTpl.form.sample"
      helpKey="cloudTpl.form.sample.help"
      testId="cloud-tpl-header-sample"
      notice={() => problem}
    />
  );
}
