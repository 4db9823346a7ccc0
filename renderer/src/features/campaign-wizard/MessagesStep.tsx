import { MessageEditor } from '../messages/MessageEditor';
import type { StepProps } from './types';

/** Step 2: the messages (variations, attachments, AI copy, opt-out) with a live preview. */
export function MessagesStep({ draft, onChange, campaignId }: StepProps) {
  return (
    <MessageEditor
      value={draft.messages}
      onChange={(messages) => onChange({ messages })}
      listIds={draft.audience.listIds}
      timeZone={draft.schedule.timeZone}
      aiBrief={draft.aiBrief}
      onAiBriefChange={(aiBrief) => onChange({ aiBrief })}
      campaignId={campaignId}
    />
  );
}
