import { useCallback, useState } from 'react';
import type { z } from 'zod';

// Where the user was on a screen (an open consult, a view), kept in sessionStorage: per tab, as the SMART
// session is, so a reload or the EHR relaunching the app's frame comes back to it, and it is gone with
// the tab. Never in the URL: inside the EHR's frame the URL belongs to the SMART launch.

/** One key per purpose and scope (EHR, user, and the patient where the screen is a chart). */
export function sessionViewKey(purpose: string, ...scope: readonly (string | undefined)[]): string {
  return [`curbside.${purpose}`, ...scope.map((part) => part ?? 'unknown')].map(encodeURIComponent).join(':');
}

/** What was kept under `key`, if it still has the expected shape (an older shape or a hand edit reads as nothing). */
function loadSessionView<T>(key: string, schema: z.ZodType<T>): T | undefined {
  try {
    const raw = sessionStorage.getItem(key);
    if (raw === null) {
      return undefined;
    }
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps `value` (undefined forgets it). A storage failure only loses the restore; the screen keeps working. */
function saveSessionView(key: string, value: unknown): void {
  try {
    if (value === undefined) {
      sessionStorage.removeItem(key);
    } else {
      sessionStorage.setItem(key, JSON.stringify(value));
    }
  } catch {
    // Quota or private mode: a reload opens the default screen.
  }
}

/**
 * A value kept under `key` for the tab: read once (and again when the key changes, a relaunch in place
 * for another user or patient), written at each change. `toSaved` says what to keep (undefined keeps
 * nothing: the screen's default).
 */
export function useSessionView<T, S>(key: string, schema: z.ZodType<S>, fromSaved: (saved: S | undefined) => T, toSaved: (value: T) => S | undefined): readonly [T, (value: T) => void] {
  const load = (): T => fromSaved(loadSessionView(key, schema));
  const [held, setHeld] = useState(() => ({ key, value: load() }));
  let current = held;
  if (held.key !== key) {
    current = { key, value: load() };
    setHeld(current);
  }
  const set = useCallback(
    (value: T) => {
      saveSessionView(key, toSaved(value));
      setHeld({ key, value });
    },
    [key, toSaved],
  );
  return [current.value, set];
}
