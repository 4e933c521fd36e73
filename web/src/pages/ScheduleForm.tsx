import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { api, ApiError, fieldErrors, otherErrors, type ApiReply } from '../api';
import { useCan, useMyZone } from '../me';
import { Link, navigate } from '../router';
import { fromWire, newLayer, previewWindow, ROTATION_FIELDS, toWire, type LayerDraft, type ScheduleDraft } from '../schedule-draft';
import { Timeline, toSpans } from '../Timeline';
import { ErrorBox, Field, useLoad } from '../ui';
import { allZones, isZone, spanText } from '../zoned';
import { LayerFields } from './LayerFields';

const NAME = ['name', 'Name'];
const ZONE = ['time_zone'];
const TEAMS = ['Team', 'teams'];
const PREVIEW_DEBOUNCE_MS = 400;

/** Create (id null) or edit a schedule and its layers, with a live preview of the next two weeks. */
export function ScheduleForm({ id }: { id: string | null }) {
  const canWrite = useCan('schedules');
  const users = useLoad(() => api('GET', '/users', { query: { limit: 100 } }).then((r) => r.users as Array<{ id: string; name: string }>), []);
  const teams = useLoad(() => api('GET', '/teams', { query: { limit: 100 } }).then((r) => r.teams as Array<{ id: string; name: string }>).catch(() => []), []);
  const existing = useLoad(() => (id ? api('GET', '/schedules/{id}', { path: { id } }).then((r) => r.schedule) : Promise.resolve(null)), [id]);
  const zone0 = useMyZone();
  const [draft, setDraft] = useState<ScheduleDraft>(() => ({ name: '', description: '', timeZone: zone0, layers: [newLayer(1, zone0)], teams: [] }));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (existing.data) setDraft(fromWire(existing.data));
  }, [existing.data]);

  const setLayer = (n: number, patch: Partial<LayerDraft>) =>
    setDraft((d) => ({
      ...d,
      layers: d.layers.map((l, i) => {
        if (i !== n) return l;
        const moved = ROTATION_FIELDS.some((f) => f in patch);
        return { ...l, ...patch, ...(moved ? { virtualStart: undefined } : {}) };
      }),
    }));

  // The preview follows the form: the same body, debounced, through POST /schedules/preview.
  const body = useMemo(() => (isZone(draft.timeZone) ? toWire(draft, 'Preview') : null), [draft]);
  const key = JSON.stringify(body);
  const [preview, setPreview] = useState<{ schedule: ApiReply<'POST', '/schedules/preview'>['schedule']; since: number; until: number } | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  useEffect(() => {
    if (!body) return setPreviewError('Choose a valid time zone to see the preview.');
    let live = true;
    const t = setTimeout(async () => {
      const w = previewWindow(draft);
      try {
        const r = await api('POST', '/schedules/preview', { query: { since: new Date(w.since).toISOString(), until: new Date(w.until).toISOString() }, body: body });
        if (live) {
          setPreview({ schedule: r.schedule, ...w });
          setPreviewError(null);
        }
      } catch (e) {
        if (live) setPreviewError(e);
      }
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(t);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` is the serialized form: the preview reloads when the form's content changes, not its identity
  }, [key]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!isZone(draft.timeZone)) return setError(`time_zone ${draft.timeZone || '(empty)'} is not a time zone such as Europe/Paris.`);
    setBusy(true);
    try {
      const r = id ? await api('PUT', '/schedules/{id}', { path: { id }, body: toWire(draft) }) : await api('POST', '/schedules', { body: toWire(draft) });
      navigate(`/schedules/${r.schedule.id}`, !id);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (existing.error) return <ErrorBox error={existing.error} />;
  if (id && !existing.data) return <p className="loading">Loading…</p>;
  const LAYERS = ['Schedule layer', 'schedule layer', 'layers'];
  const p = preview?.schedule;
  const tz = draft.timeZone;
  return (
    <section>
      <p className="crumbs">
        <Link to="/schedules">Schedules</Link> /{' '}
        {id && existing.data && (
          <>
            <Link to={`/schedules/${id}`}>{existing.data.name}</Link> /
          </>
        )}
      </p>
      <h1>{id ? `Edit ${existing.data?.name ?? 'schedule'}` : 'New Schedule'}</h1>
      <form onSubmit={submit} className="stack" noValidate>
        <fieldset disabled={!canWrite}>
          <legend className="sr-only">Schedule</legend>
          <Field label="Name" error={fieldErrors(error, NAME)}>
            {(fid, d) => <input id={fid} aria-describedby={d} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />}
          </Field>
          <Field label="Description">{(fid) => <input id={fid} value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} />}</Field>
          <Field label="Time zone" hint="Handoffs and restrictions follow this zone’s clock, daylight saving included." error={fieldErrors(error, ZONE)}>
            {(fid, d) => (
              <>
                <input id={fid} aria-describedby={d} list="sched-zones" value={draft.timeZone} onChange={(e) => setDraft({ ...draft, timeZone: e.target.value })} />
                <datalist id="sched-zones">
                  {allZones().map((z) => (
                    <option key={z} value={z} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          {(teams.data ?? []).length > 0 && (
            <fieldset className="inline-set">
              <legend>Teams</legend>
              {(teams.data ?? []).map((t) => (
                <label key={t.id} className="check">
                  <input
                    type="checkbox"
                    checked={draft.teams.includes(t.id)}
                    onChange={(e) => setDraft({ ...draft, teams: e.target.checked ? [...draft.teams, t.id] : draft.teams.filter((x) => x !== t.id) })}
                  />
                  {t.name}
                </label>
              ))}
            </fieldset>
          )}
          {fieldErrors(error, TEAMS) && (
            <p className="field-error" role="alert">
              {fieldErrors(error, TEAMS)}
            </p>
          )}
          <p className="hint">Where layers overlap, the higher-numbered layer wins; overrides win over every layer.</p>
          {draft.layers.map((l, n) => (
            <LayerFields
              key={n}
              n={n + 1}
              layer={l}
              tz={tz}
              users={users.data ?? []}
              onChange={(patch) => setLayer(n, patch)}
              onRemove={draft.layers.length > 1 ? () => setDraft({ ...draft, layers: draft.layers.filter((_, i) => i !== n) }) : undefined}
            />
          ))}
          {fieldErrors(error, LAYERS) && (
            <p className="field-error" role="alert">
              {fieldErrors(error, LAYERS)}
            </p>
          )}
          <button type="button" onClick={() => setDraft({ ...draft, layers: [...draft.layers, newLayer(draft.layers.length + 1, tz)] })}>
            + Add a layer
          </button>
        </fieldset>
        <ErrorBox error={typeof error === 'string' ? error : otherErrors(error, [NAME, ZONE, LAYERS, TEAMS])} />
        {canWrite && (
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {id ? 'Save changes' : 'Create Schedule'}
            </button>
            <Link to={id ? `/schedules/${id}` : '/schedules'}>Cancel</Link>
          </div>
        )}
      </form>
      <section aria-labelledby="preview-title">
        <h2 id="preview-title">Preview</h2>
        <div aria-live="polite">
          {previewError ? (
            <p className="alert info">Preview: {previewError instanceof ApiError ? previewError.text : previewError instanceof Error ? previewError.message : String(previewError)}</p>
          ) : preview ? (
            <p className="muted small">
              {spanText(preview.since, preview.until, tz)} ({tz})
            </p>
          ) : (
            <p className="muted small">Loading the preview…</p>
          )}
        </div>
        {p && preview && (
          <Timeline
            since={preview.since}
            until={preview.until}
            tz={tz}
            caption="Preview"
            rows={[
              ...(p.schedule_layers ?? []).map((l) => ({ label: l.name, spans: toSpans(l.rendered_schedule_entries) })),
              { label: 'Final schedule', spans: toSpans(p.final_schedule?.rendered_schedule_entries) },
            ]}
          />
        )}
      </section>
    </section>
  );
}
