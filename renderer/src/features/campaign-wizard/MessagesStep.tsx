import { MessageEditor } from '../messages/MessageEditor';
import { CloudTemplateSection } from './CloudTemplateSection';
import type { StepProps } from './types';

/** Step 2: the messages (variations, attachments, AI copy, opt-out) with a live preview, or an approved template on a Cloud number. */
export function MessagesStep({ draft, onChange, campaignId, numbers }: StepProps) {
  return (
    <>
      <CloudTemplateSection draft={draft} onChange={onChange} numbers={numbers} />
      {draft.channel === 'cloud' ? null : (
        <MessageEditor
          value={draft.messages}
          onChange={(messages) => onChange({ messages })}
          listIds={draft.audience.listIds}
          timeZone={draft.schedule.timeZone}
          aiBrief={draft.aiBrief}
          onAiBriefChange={(aiBrief) => onChange({ aiBrief })}
          campaignId={campaignId}
          toGroups={!!draft.audience.groups}
        />
      )}
    </>
  );
}
