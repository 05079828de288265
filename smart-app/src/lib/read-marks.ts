import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { useSmartClient } from '../smart/useSmartClient.ts';

/**
 * Which thread messages this user has seen, per consult: the time of the newest message they had on
 * screen. Kept in localStorage under the EHR (iss) and the user (fhirUser), never the patient's data.
 * That is acceptable for unread marks because they are a convenience, not a record: on another
 * device a thread simply shows as unread once, and nothing clinical depends on them. (A server-side
 * read receipt would need a per-user write to the consult store on every view; FHIR has no resource
 * for it short of Communication.received, which is one time per message, not per reader.)
 */
type Marks = Readonly<Record<string, string>>;

const listeners = new Set<() => void>();
const cache = new Map<string, Marks>();

function load(key: string): Marks {
  const cached = cache.get(key);
  if (cached) {
    return cached;
  }
  let marks: Marks = {};
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? '{}');
    marks = parsed && typeof parsed === 'object' ? (parsed as Marks) : {};
  } catch {
    marks = {};
  }
  cache.set(key, marks);
  return marks;
}

function save(key: string, marks: Marks): void {
  cache.set(key, marks);
  try {
    localStorage.setItem(key, JSON.stringify(marks));
  } catch {
    // Storage full or blocked: the marks still work for this page.
  }
  listeners.forEach((listener) => listener());
}

/** The storage key: the EHR and the signed-in user. */
export function readMarksKey(serverUrl: string, fhirUser: string | undefined): string {
  return `curbside.read-marks:${serverUrl}|${fhirUser ?? 'unknown-user'}`;
}

export interface UseReadMarksReturn {
  /** True when the thread has a message from the other side newer than what this user has seen. */
  readonly isUnread: (consultId: string, latestFromOtherSide: string | undefined) => boolean;
  /** Remembers that the user has seen the consult's thread up to this message time. */
  readonly markRead: (consultId: string, latest: string | undefined) => void;
}

export function useReadMarks(): UseReadMarksReturn {
  const { serverUrl, fhirUserUrl, fhirUser } = useSmartClient();
  const key = readMarksKey(serverUrl, fhirUserUrl ?? fhirUser);
  const subscribe = useCallback((listener: () => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  const marks = useSyncExternalStore(subscribe, () => load(key));
  const markRead = useCallback(
    (consultId: string, latest: string | undefined) => {
      const current = load(key);
      if (latest && (current[consultId] ?? '') < latest) {
        save(key, { ...current, [consultId]: latest });
      }
    },
    [key],
  );
  return useMemo(
    () => ({ isUnread: (consultId, latest) => !!latest && (marks[consultId] ?? '') < latest, markRead }),
    [marks, markRead],
  );
}

/** Forgets the in-memory copy (tests clear localStorage between cases). */
export function resetReadMarksCache(): void {
  cache.clear();
}
