import { useId, type ReactElement, cloneElement } from 'react';

/** A labelled form row: the control gets an id, the label and help text are tied to it. */
export function Field(props: { label: string; help?: string; children: ReactElement<{ id?: string; 'aria-describedby'?: string }> }) {
  const id = useId();
  const helpId = `${id}-help`;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {props.label}
      </label>
      {cloneElement(props.children, { id, 'aria-describedby': props.help ? helpId : undefined })}
      {props.help ? (
        <p className="field__help" id={helpId}>
          {props.help}
        </p>
      ) : null}
    </div>
  );
}
