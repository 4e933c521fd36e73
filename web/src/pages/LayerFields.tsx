import { useState } from 'react';
import { DAYS, type LayerDraft, type RestrictionDraft } from '../schedule-draft';
import { userColour } from '../Timeline';
import { Field } from '../ui';

interface UserOption {
  id: string;
  name: string;
}

/** One layer of the schedule form: when it runs, how turns hand off, who rotates, and restrictions. */
export function LayerFields(props: { n: number; layer: LayerDraft; tz: string; users: UserOption[]; onChange: (patch: Partial<LayerDraft>) => void; onRemove?: () => void }) {
  const { n, layer: l, onChange } = props;
  const [adding, setAdding] = useState('');
  const name = (id: string) => props.users.find((u) => u.id === id)?.name ?? id;
  const move = (i: number, by: number) => {
    const users = [...l.users];
    [users[i], users[i + by]] = [users[i + by], users[i]];
    onChange({ users });
  };
  const setRestriction = (i: number, patch: Partial<RestrictionDraft>) => onChange({ restrictions: l.restrictions.map((r, k) => (k === i ? { ...r, ...patch } : r)) });
  const label = `layer ${n}`;
  return (
    <fieldset className="layer">
      <legend>Layer {n}</legend>
      <Field label={`Name of ${label}`}>{(id) => <input id={id} value={l.name} onChange={(e) => onChange({ name: e.target.value })} />}</Field>
      <div className="row">
        <Field label={`Start of ${label} (${props.tz})`}>
          {(id) => <input id={id} type="datetime-local" value={l.start} onChange={(e) => onChange({ start: e.target.value })} />}
        </Field>
        <Field label={`End of ${label} (optional)`} hint="Empty: the layer never ends.">
          {(id, d) => <input id={id} aria-describedby={d} type="datetime-local" value={l.end} onChange={(e) => onChange({ end: e.target.value })} />}
        </Field>
      </div>
      <div className="row">
        <Field label={`Turn length of ${label}`}>
          {(id) => (
            <select id={id} value={l.turn} onChange={(e) => onChange({ turn: e.target.value as LayerDraft['turn'] })}>
              <option value="daily">Daily</option>
              <option value="weekly">Weekly</option>
              <option value="custom">Custom (hours)</option>
            </select>
          )}
        </Field>
        {l.turn === 'custom' && (
          <Field label={`Hours per turn of ${label}`}>
            {(id) => <input id={id} type="number" min={1} step={1} value={l.hours} onChange={(e) => onChange({ hours: e.target.value })} />}
          </Field>
        )}
        {l.turn === 'weekly' && (
          <Field label={`Handoff day of ${label}`}>
            {(id) => (
              <select id={id} value={l.handoffDay} onChange={(e) => onChange({ handoffDay: Number(e.target.value) })}>
                {DAYS.map((d, i) => (
                  <option key={d} value={i + 1}>
                    {d}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label={`Handoff time of ${label}`}>{(id) => <input id={id} type="time" value={l.handoffTime} onChange={(e) => onChange({ handoffTime: e.target.value })} />}</Field>
      </div>
      <fieldset className="nested">
        <legend>Users of {label}, in turn order</legend>
        {l.users.length === 0 && <p className="hint">Add at least one user.</p>}
        <ol className="user-order">
          {l.users.map((u, i) => (
            <li key={`${u}-${i}`}>
              <span className="swatch" style={userColour(u)} aria-hidden="true" />
              <span className="who">{name(u)}</span>
              <button type="button" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move ${name(u)} up in ${label}`}>
                ↑
              </button>
              <button type="button" disabled={i === l.users.length - 1} onClick={() => move(i, 1)} aria-label={`Move ${name(u)} down in ${label}`}>
                ↓
              </button>
              <button type="button" onClick={() => onChange({ users: l.users.filter((_, k) => k !== i) })} aria-label={`Remove ${name(u)} from ${label}`}>
                Remove
              </button>
            </li>
          ))}
        </ol>
        <div className="row">
          <Field label={`Add a user to ${label}`}>
            {(id) => (
              <select id={id} value={adding} onChange={(e) => setAdding(e.target.value)}>
                <option value="">Choose a user…</option>
                {props.users.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button
            type="button"
            disabled={!adding}
            onClick={() => {
              onChange({ users: [...l.users, adding] });
              setAdding('');
            }}
          >
            Add user
          </button>
        </div>
      </fieldset>
      <fieldset className="nested">
        <legend>Restrictions of {label}</legend>
        {l.restrictions.length === 0 && <p className="hint">None: the layer is on call around the clock.</p>}
        {l.restrictions.map((r, i) => (
          <div className="row" key={i}>
            <Field label={`Restriction ${i + 1} of ${label} repeats`}>
              {(id) => (
                <select id={id} value={r.type} onChange={(e) => setRestriction(i, { type: e.target.value as RestrictionDraft['type'] })}>
                  <option value="daily_restriction">Every day</option>
                  <option value="weekly_restriction">Every week</option>
                </select>
              )}
            </Field>
            {r.type === 'weekly_restriction' && <DaySelect label={`Restriction ${i + 1} of ${label} from day`} value={r.startDay} onChange={(v) => setRestriction(i, { startDay: v })} />}
            <Field label={`Restriction ${i + 1} of ${label} from`}>{(id) => <input id={id} type="time" value={r.startTime} onChange={(e) => setRestriction(i, { startTime: e.target.value })} />}</Field>
            {r.type === 'weekly_restriction' && <DaySelect label={`Restriction ${i + 1} of ${label} to day`} value={r.endDay} onChange={(v) => setRestriction(i, { endDay: v })} />}
            <Field label={`Restriction ${i + 1} of ${label} to`}>{(id) => <input id={id} type="time" value={r.endTime} onChange={(e) => setRestriction(i, { endTime: e.target.value })} />}</Field>
            <button type="button" onClick={() => onChange({ restrictions: l.restrictions.filter((_, k) => k !== i) })} aria-label={`Remove restriction ${i + 1} of ${label}`}>
              Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          onClick={() => onChange({ restrictions: [...l.restrictions, { type: 'daily_restriction', startDay: 1, startTime: '09:00', endDay: 5, endTime: '17:00' }] })}
        >
          + Add a restriction to {label}
        </button>
      </fieldset>
      {props.onRemove && (
        <button type="button" className="danger" onClick={props.onRemove}>
          Remove {label}
        </button>
      )}
    </fieldset>
  );
}

function DaySelect(props: { label: string; value: number; onChange: (v: number) => void }) {
  return (
    <Field label={props.label}>
      {(id) => (
        <select id={id} value={props.value} onChange={(e) => props.onChange(Number(e.target.value))}>
          {DAYS.map((d, i) => (
            <option key={d} value={i + 1}>
              {d}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
