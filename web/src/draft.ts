import { useEffect, useState } from 'react';

// A form's draft kept in sessionStorage, so leaving the form for a moment (to create the escalation
// policy it needs, say) and coming back keeps what was typed. Cleared once the form is submitted.

/** useState whose value survives navigation within the tab, under `form.field`. */
export function useDraft<T>(key: string, initial: T): [T, (v: T) => void] {
  const [v, setV] = useState<T>(() => {
    try {
      const s = sessionStorage.getItem(`draft:${key}`);
      return s === null ? initial : (JSON.parse(s) as T);
    } catch {
      return initial;
    }
  });
  useEffect(() => {
    try {
      sessionStorage.setItem(`draft:${key}`, JSON.stringify(v));
    } catch {
      // Storage full or refused: the draft is only a convenience.
    }
  }, [key, v]);
  return [v, setV];
}

/** Forgets every field of a form's draft. */
export function clearDraft(form: string): void {
  for (const k of Object.keys(sessionStorage)) if (k.startsWith(`draft:${form}.`)) sessionStorage.removeItem(k);
}
