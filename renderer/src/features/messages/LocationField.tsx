import { useId, useState } from 'react';
import { MapPin, Trash2 } from 'lucide-react';
import { formatCoordinates, parseLocation, type LocationPin } from '../../../../shared/messages/location';
import { useT, type MessageKey } from '../../i18n';

/**
 * One variation's location: paste coordinates or a map link, name the place. There is no map to
 * click (Recado works offline); the pasted point is read on the spot and shown back.
 */
export function LocationField(props: { value: LocationPin | null; onChange(next: LocationPin | null): void; disabled?: boolean }) {
  const t = useT();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [where, setWhere] = useState('');
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [error, setError] = useState<string | null>(null);
  const v = props.value;

  if (v) {
    return (
      <div className="attachment-field__current" data-testid="location-current">
        <MapPin size={20} aria-hidden="true" />
        <span className="attachment-field__name">
          {[v.name, v.address].filter(Boolean).join(' · ') || t('msg.location.title')} · {t('msg.location.point', { coords: formatCoordinates(v) })}
        </span>
        <button type="button" className="button button--secondary button--small" disabled={props.disabled} onClick={() => props.onChange(null)}>
          <Trash2 size={14} aria-hidden="true" /> {t('msg.location.remove')}
        </button>
        <p className="field__help">{t('msg.location.sentAs')}</p>
      </div>
    );
  }
  if (!open) {
    return (
      <button type="button" className="button button--secondary button--small" disabled={props.disabled} onClick={() => setOpen(true)}>
        <MapPin size={14} aria-hidden="true" /> {t('msg.location.add')}
      </button>
    );
  }
  const save = () => {
    const parsed = parseLocation(where);
    if (!parsed.ok) {
      setError(t(`msg.location.error.${parsed.code}` as MessageKey));
      return;
    }
    props.onChange({
      latitude: parsed.latitude,
      longitude: parsed.longitude,
      ...(name.trim() ? { name: name.trim().slice(0, 100) } : {}),
      ...(address.trim() ? { address: address.trim().slice(0, 200) } : {}),
    });
    setOpen(false);
    setWhere('');
    setName('');
    setAddress('');
    setError(null);
  };
  return (
    <fieldset className="location-field">
      <legend className="field__label">{t('msg.location.title')}</legend>
      <label className="field" htmlFor={`${id}-where`}>
        <span className="field__label">{t('msg.location.input')}</span>
        <input
          id={`${id}-where`}
          className="input"
          value={where}
          autoFocus
          aria-describedby={`${id}-help`}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setWhere(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              save();
            }
          }}
        />
        <span className="field__help" id={`${id}-help`}>
          {t('msg.location.input.help')}
        </span>
      </label>
      <label className="field" htmlFor={`${id}-name`}>
        <span className="field__label">{t('msg.location.name')}</span>
        <input id={`${id}-name`} className="input" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field" htmlFor={`${id}-address`}>
        <span className="field__label">{t('msg.location.address')}</span>
        <input id={`${id}-address`} className="input" maxLength={200} value={address} onChange={(e) => setAddress(e.target.value)} />
      </label>
      {error ? (
        <p className="inline-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="location-field__actions">
        <button type="button" className="button button--primary button--small" onClick={save}>
          {t('msg.location.save')}
        </button>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => {
            setOpen(false);
            setError(null);
          }}
        >
          {t('msg.location.cancel')}
        </button>
      </div>
    </fieldset>
  );
}
