import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { ApiError } from './api';

/** Loads data for a page; `reload()` refetches (silently keeps the old data while loading). */
export function useLoad<T>(fn: () => Promise<T>, deps: unknown[]): { data: T | undefined; error: unknown; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: null, loading: true });
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    fn().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error) => live && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps decide when fn runs again, as useEffect's own
  }, [...deps, n]);
  const reload = useCallback(() => setN((x) => x + 1), []);
  return { ...state, reload };
}

/** A labelled control with its hint and the server's message beside it. */
export function Field(props: { label: string; error?: string; hint?: ReactNode; children: (id: string, describedBy: string | undefined) => ReactNode }) {
  const id = useId();
  const hintId = props.hint ? `${id}-hint` : '';
  const errId = props.error ? `${id}-err` : '';
  const describedBy = [hintId, errId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${props.error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.children(id, describedBy)}
      {props.hint && (
        <p className="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p className="field-error" id={errId} role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}

export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const text = error instanceof ApiError ? error.text : typeof error === 'string' ? error : String((error as Error).message ?? error);
  return (
    <div className="alert error" role="alert">
      {text}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children && <div>{children}</div>}
    </div>
  );
}

const STATUS_TEXT: Record<string, string> = {
  active: 'Active',
  warning: 'Warning',
  critical: 'Critical',
  maintenance: 'Maintenance',
  disabled: 'Disabled',
  triggered: 'Triggered',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
  high: 'High',
  low: 'Low',
  impacted: 'Impacted',
  not_impacted: 'Not impacted',
};

/** A status with its colour and its word, never colour alone. */
export function Badge({ value }: { value: string }) {
  return <span className={`badge badge-${value}`}>{STATUS_TEXT[value] ?? value}</span>;
}

/**
 * Gives focus back, when the component goes away, to what had it when the component first rendered
 * (the button that opened a dialog or a panel), if that is still on the page. Read at render, before
 * an autoFocus inside the component moves it.
 */
export function useFocusReturn(): void {
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useEffect(
    () => () => {
      if (opener?.isConnected) opener.focus();
    },
    [opener],
  );
}

/** A modal that asks before a destructive or important action. Escape or Cancel closes it. */
export function Confirm(props: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => Promise<void> | void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const titleId = useId();
  // Where focus was when the dialog opened, to put it back when it closes (the opener may have re-rendered).
  const opener = useRef<HTMLElement | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) {
      setError(null);
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      d.showModal();
      // React's autoFocus runs at mount, not at showModal, which focuses the first button (the
      // destructive one): Cancel takes focus, so Enter never destroys by accident.
      cancelRef.current?.focus();
    }
    if (!props.open && d.open) {
      d.close();
      if (opener.current?.isConnected) opener.current.focus();
      opener.current = null;
    }
  }, [props.open]);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <dialog ref={ref} aria-labelledby={titleId} onCancel={(e) => { e.preventDefault(); props.onCancel(); }}>
      <h2 id={titleId}>{props.title}</h2>
      <div className="dialog-body">{props.children}</div>
      <ErrorBox error={error} />
      <div className="actions">
        <button type="button" className={props.danger ? 'danger' : 'primary'} onClick={confirm} disabled={busy}>
          {props.confirmLabel}
        </button>
        <button type="button" onClick={props.onCancel} ref={cancelRef}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}

/** A button that opens a small menu of actions (the gear and More menus). Keyboard: arrows, Escape. */
export function Menu({ label, icon, items }: { label: string; icon?: string; items: Array<{ label: string; onSelect: () => void; danger?: boolean }> }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const id = useId();
  useEffect(() => {
    if (!open) return;
    const first = box.current?.querySelector<HTMLButtonElement>('[role=menuitem]');
    first?.focus();
    const close = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const onKey = (e: React.KeyboardEvent) => {
    const list = Array.from(box.current?.querySelectorAll<HTMLButtonElement>('[role=menuitem]') ?? []);
    const i = list.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') {
      setOpen(false);
      box.current?.querySelector<HTMLButtonElement>('button')?.focus();
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      list[(i + 1) % list.length]?.focus();
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      list[(i - 1 + list.length) % list.length]?.focus();
    }
  };
  return (
    <div
      className="menu"
      ref={box}
      onKeyDown={onKey}
      onBlur={(e) => {
        // Tabbing out of the menu closes it.
        if (open && !box.current?.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button type="button" aria-haspopup="menu" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)} aria-label={icon ? label : undefined}>
        {icon ? <span aria-hidden="true">{icon}</span> : label} {!icon && <span aria-hidden="true">▾</span>}
      </button>
      {open && (
        <div role="menu" id={id} className="menu-list">
          {items.map((it) => (
            <button
              key={it.label}
              type="button"
              role="menuitem"
              className={it.danger ? 'danger-text' : ''}
              onClick={() => {
                // Focus back on the menu button first: a dialog the item opens returns focus there.
                box.current?.querySelector<HTMLButtonElement>('button')?.focus();
                setOpen(false);
                it.onSelect();
              }}
            >
              {it.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/** Copies text to the clipboard, with a fallback for browsers that refuse the Clipboard API. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [done, setDone] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const ta = document.createElement('textarea');
      ta.value = text;
      document.body.appendChild(ta);
      ta.select();
      document.execCommand('copy');
      ta.remove();
    }
    setDone(true);
    setTimeout(() => setDone(false), 2000);
  };
  return (
    <button type="button" onClick={copy} aria-live="polite">
      {done ? 'Copied' : label}
    </button>
  );
}

/** Previous / next over a server-paginated list. */
export function Pager(props: { offset: number; limit: number; count: number; total: number | null; more: boolean; onPage: (offset: number) => void }) {
  const from = props.count ? props.offset + 1 : 0;
  const to = props.offset + props.count;
  return (
    <nav className="pager" aria-label="Pages">
      <span>
        {from}–{to}
        {props.total !== null ? ` of ${props.total}` : ''}
      </span>
      <button type="button" disabled={props.offset === 0} onClick={() => props.onPage(Math.max(0, props.offset - props.limit))}>
        Previous
      </button>
      <button type="button" disabled={!props.more} onClick={() => props.onPage(props.offset + props.limit)}>
        Next
      </button>
    </nav>
  );
}

// The zone every time on the pages is shown in: the signed-in user's (me.tsx `zoneOf`), set once the
// user is known and before any page renders, so the pages read it without a hook.
let shownZone: string | undefined;

export function showTimesIn(zone: string): void {
  shownZone = zone;
}

/** An instant as local date and time in the user's zone (the browser's until someone signs in). */
export function formatTime(s: string | null | undefined): string {
  if (!s) return '—';
  const d = new Date(s);
  return isNaN(d.getTime()) ? s : d.toLocaleString(undefined, { timeZone: shownZone });
}
