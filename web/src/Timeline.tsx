// The schedule timeline: one row per layer, the overrides and the final schedule, over a window of
// whole days in one zone. Each row is a list of its spans (a screen reader reads "Alice Example,
// Mon 9 Mar, 09:00 – Tue 10 Mar, 09:00"); a person's colour is the same on every row and page.
import { useId } from 'react';
import { dateText, dayStart, shortTime, spanText } from './zoned';

export interface Span {
  start: number;
  end: number;
  user: { id: string; summary: string | null };
}

export interface TimelineRow {
  label: string;
  spans: Span[];
  /** When given, each span is a button (e.g. "override this shift"). */
  onSelect?: (s: Span) => void;
  selectVerb?: string;
}

// Light backgrounds: the dark text on them meets WCAG AA (at least 4.5:1) on every one.
const COLOURS = ['#cfe3ff', '#ffd9c2', '#cdeccb', '#f3d1f0', '#fff0b3', '#c9ecec', '#e2d6ff', '#ffd6dc', '#e3e8c4', '#d8e2ea'];
const EDGES = ['#2f6db5', '#b5652f', '#3b8a36', '#9a3c93', '#a38400', '#2d8a8a', '#6a4cc2', '#b8475a', '#6f7a2a', '#55708a'];

function colourIndex(id: string): number {
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % COLOURS.length;
}

/** A person's colour pair (background, edge), fixed by their id. */
export function userColour(id: string): { background: string; borderColor: string } {
  const i = colourIndex(id);
  return { background: COLOURS[i], borderColor: EDGES[i] };
}

/** Wire entries ({start, end, user}) to spans. */
export function toSpans(entries: Array<{ start: string; end: string; user: { id: string; summary: string | null } }> | undefined): Span[] {
  return (entries ?? []).map((e) => ({ start: Date.parse(e.start), end: Date.parse(e.end), user: e.user }));
}

export function Timeline(props: { since: number; until: number; tz: string; rows: TimelineRow[]; now?: number; caption?: string }) {
  const { since, until, tz } = props;
  const total = Math.max(1, until - since);
  const pct = (ms: number) => `${(((Math.min(Math.max(ms, since), until) - since) / total) * 100).toFixed(4)}%`;
  // Local midnights in the zone (23- and 25-hour days stay exact).
  const days: number[] = [];
  const first = dateText(since, tz);
  for (let k = 0, t = since; t < until && k < 62; k++, t = dayStart(first, k, tz)) days.push(Math.max(t, since));
  const id = useId();
  const showNow = props.now !== undefined && props.now >= since && props.now < until;
  // On a phone the timeline scrolls sideways: with no button inside (a preview), the box itself takes
  // focus so the arrow keys can scroll it.
  const focusable = props.rows.some((r) => r.onSelect && r.spans.length > 0);
  return (
    <div className="sched-timeline" role="group" aria-label={props.caption ?? 'Timeline'} tabIndex={focusable ? undefined : 0}>
      <div className="tl-row tl-head" aria-hidden="true">
        <div className="tl-label" />
        <div className="tl-track">
          {days.map((d) => (
            <span key={d} className="tl-day" style={{ left: pct(d) }}>
              {shortTime(d, tz).replace(/, \d\d:\d\d$/, '')}
            </span>
          ))}
        </div>
      </div>
      {props.rows.map((row, n) => (
        <div className="tl-row" key={`${n}-${row.label}`}>
          <div className="tl-label" id={`${id}-${n}`}>
            {row.label}
          </div>
          <ul className="tl-track" aria-labelledby={`${id}-${n}`}>
            {days.map((d) => (
              <li key={`d${d}`} className="tl-grid" style={{ left: pct(d) }} aria-hidden="true" />
            ))}
            {showNow && <li className="tl-now" style={{ left: pct(props.now!) }} aria-hidden="true" />}
            {row.spans.length === 0 && <li className="tl-none">Nobody</li>}
            {row.spans.map((s) => {
              const name = s.user.summary ?? s.user.id;
              const when = spanText(s.start, s.end, tz);
              const style = { left: pct(s.start), width: `calc(${pct(s.end)} - ${pct(s.start)})`, ...userColour(s.user.id) };
              const text = (
                <>
                  <span className="tl-name">{name}</span>
                  <span className="sr-only">, {when}</span>
                </>
              );
              return (
                <li key={`${s.user.id}-${s.start}`} className="tl-span" style={style} title={`${name}: ${when}`}>
                  {row.onSelect ? (
                    <button type="button" aria-label={`${row.selectVerb ?? 'Select'} ${name}, ${when}`} onClick={() => row.onSelect!(s)}>
                      {text}
                    </button>
                  ) : (
                    text
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </div>
  );
}
