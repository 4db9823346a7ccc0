import type { ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';

export function EmptyState(props: { icon: LucideIcon; title: string; body: string; actions?: ReactNode; testId?: string }) {
  const Icon = props.icon;
  return (
    <section className="empty-state" data-testid={props.testId} aria-labelledby={props.testId ? `${props.testId}-title` : undefined}>
      <div className="empty-state__icon" aria-hidden="true">
        <Icon size={32} strokeWidth={1.75} />
      </div>
      <h2 className="empty-state__title" id={props.testId ? `${props.testId}-title` : undefined}>
        {props.title}
      </h2>
      <p className="empty-state__body">{props.body}</p>
      {props.actions ? <div className="empty-state__actions">{props.actions}</div> : null}
    </section>
  );
}
