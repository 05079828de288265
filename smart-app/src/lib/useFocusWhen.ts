import { useEffect } from 'react';
import type { RefObject } from 'react';

/**
 * Moves keyboard focus to `target` each time `key` changes to a defined value: after an action that
 * removes or disables what the user was on (Send, Open, Claim), focus would otherwise fall to the page,
 * and a screen reader would not say what happened. The target is where the next reading starts (a new
 * view's heading, the status an action produced) and is focusable from script only (tabIndex -1).
 * @see https://www.w3.org/WAI/ARIA/apg/practices/keyboard-interface/#managingfocuswhencontentchanges
 */
export function useFocusWhen(target: RefObject<HTMLElement | null>, key: unknown): void {
  useEffect(() => {
    if (key !== undefined) {
      target.current?.focus();
    }
  }, [key, target]);
}
