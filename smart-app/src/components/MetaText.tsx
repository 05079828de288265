import type { ReactNode } from 'react';

export interface MetaTextProps {
  readonly children: ReactNode;
}

/**
 * Secondary text after a label, in muted type: "Answered · Advice only", "Metformin · 500 mg twice daily".
 * The separator is text, not spacing (a flex gap or a margin), so screen readers, accessible names and
 * copy/paste do not run the two together ("AnsweredAdvice only").
 */
export function MetaText({ children }: MetaTextProps): ReactNode {
  return <span className="item-list__meta">{' · '}{children}</span>;
}
