import { useCallback, useState } from 'react';
import { useSmartClient } from '../smart/useSmartClient.ts';

/** The free-text boxes of a consult's thread whose unsent text is kept. */
export type TextDraftForm = 'reply' | 'ask' | 'answer';

/**
 * One saved text per EHR, user, box and consult: a reply typed for one consult never surfaces in
 * another's box, nor for another user of the same browser.
 */
function textDraftKey(serverUrl: string, user: string | undefined, form: TextDraftForm, consultId: string): string {
  return ['curbside.text-draft.v1', serverUrl, user ?? 'unknown-user', form, consultId].map(encodeURIComponent).join(':');
}

function load(key: string): string {
  try {
    return localStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

/** Blank text is removed rather than kept. Storage failures (quota, private mode) only lose the autosave. */
function save(key: string, text: string): void {
  try {
    if (text.trim() === '') {
      localStorage.removeItem(key);
    } else {
      localStorage.setItem(key, text);
    }
  } catch {
    // The box keeps working without autosave.
  }
}

export interface UseTextDraftReturn {
  readonly text: string;
  /** Changes the text; saved at once, so a reload, a Back to the queue or another consult opened meanwhile keeps it. */
  readonly setText: (text: string) => void;
  /** Forgets the text once what it said was sent. */
  readonly clear: () => void;
}

/**
 * The unsent text of one box in one consult, kept in localStorage as it is typed, as the composer keeps
 * its draft (a specialist's answer can be long; losing it to a reload or a wrong click costs the work).
 */
export function useTextDraft(form: TextDraftForm, consultId: string): UseTextDraftReturn {
  const { serverUrl, fhirUser, fhirUserUrl } = useSmartClient();
  const key = textDraftKey(serverUrl, fhirUserUrl ?? fhirUser, form, consultId);
  const [held, setHeld] = useState(() => ({ key, text: load(key) }));
  let current = held;
  if (held.key !== key) {
    current = { key, text: load(key) };
    setHeld(current);
  }
  const setText = useCallback(
    (text: string) => {
      save(key, text);
      setHeld({ key, text });
    },
    [key],
  );
  const clear = useCallback(() => setText(''), [setText]);
  return { text: current.text, setText, clear };
}
