import type { z } from 'zod';

// Where the user was on a screen (an open consult, a view), kept in sessionStorage: per tab, as the SMART
// session is, so a reload or the EHR relaunching the app's frame comes back to it, and it is gone with
// the tab. Never in the URL: inside the EHR's frame the URL belongs to the SMART launch.

/** One key per purpose and scope (EHR, user, and the patient where the screen is a chart). */
export function sessionViewKey(purpose: string, ...scope: readonly (string | undefined)[]): string {
  return [`curbside.${purpose}`, ...scope.map((part) => part ?? 'unknown')].map(encodeURIComponent).join(':');
}

/** What was kept under `key`, if it still has the expected shape (an older shape or a hand edit reads as nothing). */
export function loadSessionView<T>(key: string, schema: z.ZodType<T>): T | undefined {
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
export function saveSessionView(key: string, value: unknown): void {
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
