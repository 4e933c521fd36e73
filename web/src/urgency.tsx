import { useId } from 'react';
import { browserZone } from './zoned';
import type { Service } from './models';
import { option } from './api';

export interface UrgencyValue {
  mode: 'high' | 'low' | 'severity_based' | 'use_support_hours';
  timeZone: string;
  days: number[];
  start: string;
  end: string;
  during: 'high' | 'low' | 'severity_based';
  outside: 'high' | 'low' | 'severity_based';
  raiseAtStart: boolean;
}

const LEVELS = ['high', 'low', 'severity_based'] as const;

/** The editor's starting value; support hours start in `zone`, the user's (me.tsx `useMyZone`). */
export const defaultUrgency = (zone: string = browserZone()): UrgencyValue => ({
  mode: 'high',
  timeZone: zone,
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '17:00',
  during: 'high',
  outside: 'low',
  raiseAtStart: true,
});

/** Reads a service's urgency settings into the editor's value. */
export function urgencyFromService(s: Pick<Service, 'incident_urgency_rule' | 'support_hours' | 'scheduled_actions'>, zone?: string): UrgencyValue {
  const v = defaultUrgency(zone);
  const rule = s.incident_urgency_rule ?? { type: 'constant', urgency: 'high' };
  if (rule.type === 'use_support_hours') {
    v.mode = 'use_support_hours';
    v.during = option(LEVELS, rule.during_support_hours?.urgency ?? 'high');
    v.outside = option(LEVELS, rule.outside_support_hours?.urgency ?? 'low');
    const sh = s.support_hours ?? {};
    v.timeZone = sh.time_zone ?? v.timeZone;
    v.days = sh.days_of_week ?? v.days;
    v.start = (sh.start_time ?? '09:00:00').slice(0, 5);
    v.end = (sh.end_time ?? '17:00:00').slice(0, 5);
    v.raiseAtStart = (s.scheduled_actions ?? []).length > 0;
  } else {
    v.mode = option(LEVELS, rule.urgency ?? 'high');
  }
  return v;
}

/** The PagerDuty service fields for the editor's value. */
export function urgencyToService(v: UrgencyValue): Record<string, unknown> {
  if (v.mode !== 'use_support_hours') {
    return { incident_urgency_rule: { type: 'constant', urgency: v.mode }, support_hours: null, scheduled_actions: [] };
  }
  const canRaise = v.during === 'high' && v.outside === 'low';
  return {
    incident_urgency_rule: {
      type: 'use_support_hours',
      during_support_hours: { type: 'constant', urgency: v.during },
      outside_support_hours: { type: 'constant', urgency: v.outside },
    },
    support_hours: { type: 'fixed_time_per_day', time_zone: v.timeZone, days_of_week: v.days, start_time: `${v.start}:00`, end_time: `${v.end}:00` },
    scheduled_actions:
      canRaise && v.raiseAtStart ? [{ type: 'urgency_change', at: { type: 'named_time', name: 'support_hours_start' }, to_urgency: 'high' }] : [],
  };
}

const URGENCY_LABEL: Record<string, string> = {
  high: 'High urgency',
  low: 'Low urgency',
  severity_based: 'Based on the alert’s severity',
  use_support_hours: 'Use support hours',
};

export function describeUrgency(s: Pick<Service, 'incident_urgency_rule' | 'support_hours' | 'scheduled_actions'>): string {
  const v = urgencyFromService(s);
  if (v.mode !== 'use_support_hours') return URGENCY_LABEL[v.mode];
  const names = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  return `${URGENCY_LABEL[v.during]} during support hours (${v.days.map((d) => names[d]).join(', ')} ${v.start}–${v.end} ${v.timeZone}), ${URGENCY_LABEL[v.outside].toLowerCase()} outside`;
}

const DAYS = [
  [1, 'Monday'],
  [2, 'Tuesday'],
  [3, 'Wednesday'],
  [4, 'Thursday'],
  [5, 'Friday'],
  [6, 'Saturday'],
  [7, 'Sunday'],
] as const;

export function UrgencyEditor({ value, onChange, error }: { value: UrgencyValue; onChange: (v: UrgencyValue) => void; error?: string }) {
  const id = useId();
  const set = (p: Partial<UrgencyValue>) => onChange({ ...value, ...p });
  const select = (label: string, key: 'during' | 'outside') => (
    <div className="field inline">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <select id={`${id}-${key}`} value={value[key]} onChange={(e) => set({ [key]: e.target.value } as Partial<UrgencyValue>)}>
        <option value="high">High urgency</option>
        <option value="low">Low urgency</option>
        <option value="severity_based">Based on severity</option>
      </select>
    </div>
  );
  return (
    <div className={`urgency${error ? ' has-error' : ''}`}>
      <div className="field">
        <label htmlFor={`${id}-mode`}>Notification urgency</label>
        <select id={`${id}-mode`} value={value.mode} onChange={(e) => set({ mode: e.target.value as UrgencyValue['mode'] })} aria-describedby={error ? `${id}-err` : undefined}>
          {Object.entries(URGENCY_LABEL).map(([k, l]) => (
            <option key={k} value={k}>
              {l}
            </option>
          ))}
        </select>
      </div>
      {value.mode === 'use_support_hours' && (
        <fieldset className="nested">
          <legend>Support hours</legend>
          <div className="row">
            <div className="field inline">
              <label htmlFor={`${id}-tz`}>Time zone</label>
              <input id={`${id}-tz`} value={value.timeZone} onChange={(e) => set({ timeZone: e.target.value })} />
            </div>
            <div className="field inline">
              <label htmlFor={`${id}-start`}>Start</label>
              <input id={`${id}-start`} type="time" value={value.start} onChange={(e) => set({ start: e.target.value })} />
            </div>
            <div className="field inline">
              <label htmlFor={`${id}-end`}>End</label>
              <input id={`${id}-end`} type="time" value={value.end} onChange={(e) => set({ end: e.target.value })} />
            </div>
          </div>
          <fieldset className="days">
            <legend>Days</legend>
            {DAYS.map(([n, name]) => (
              <label key={n} className="check">
                <input
                  type="checkbox"
                  checked={value.days.includes(n)}
                  onChange={(e) => set({ days: e.target.checked ? [...value.days, n].sort() : value.days.filter((d) => d !== n) })}
                />
                {name}
              </label>
            ))}
          </fieldset>
          <div className="row">
            {select('During support hours', 'during')}
            {select('Outside support hours', 'outside')}
          </div>
          {value.during === 'high' && value.outside === 'low' && (
            <label className="check">
              <input type="checkbox" checked={value.raiseAtStart} onChange={(e) => set({ raiseAtStart: e.target.checked })} />
              Raise open low-urgency incidents to high when support hours start
            </label>
          )}
        </fieldset>
      )}
      {error && (
        <p className="field-error" id={`${id}-err`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
