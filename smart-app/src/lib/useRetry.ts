import { useCallback, useEffect, useRef } from 'react';
import type { RefObject } from 'react';

/**
 * Wraps a read's `retry` for a Try again button: once the read succeeds the button is gone, and keyboard
 * focus (which it had) moves to `target`, where the reading starts again (a section's heading, the field
 * that can now be used), instead of falling to the page. Focus the user has put elsewhere is left alone.
 */
export function useRetry(retry: (() => void) | undefined, succeeded: boolean, target: RefObject<HTMLElement | null>): () => void {
  const pending = useRef(false);
  useEffect(() => {
    if (pending.current && succeeded) {
      pending.current = false;
      if (!document.activeElement || document.activeElement === document.body) {
        target.current?.focus();
      }
    }
  }, [succeeded, target]);
  return useCallback(() => {
    pending.current = true;
    retry?.();
  }, [retry]);
}
