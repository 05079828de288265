import type { ReactNode } from 'react';
import type { ConsultDraft } from '../api/consult-draft.ts';
import { isShared, reasonShareKey, SHARE_GROUP_LABELS } from '../api/share-options.ts';
import type { ShareGroup, ShareOption } from '../api/share-options.ts';

export interface SharedItemsFieldsetProps {
  readonly options: readonly ShareOption[];
  readonly draft: ConsultDraft;
  readonly onToggle: (key: string, shared: boolean) => void;
}

const GROUP_ORDER: readonly ShareGroup[] = ['allergies', 'medications', 'problems', 'results'];

/** Which chart items travel with the consult, by group; the reason's problem is always shared. */
export function SharedItemsFieldset({ options, draft, onToggle }: SharedItemsFieldsetProps): ReactNode {
  const reasonKey = reasonShareKey(draft);
  const sharedCount = options.filter((o) => isShared(o, draft)).length;
  return (
    <fieldset className="share">
      <legend>Share with the consultant ({sharedCount} selected)</legend>
      {GROUP_ORDER.map((group) => {
        const groupOptions = options.filter((o) => o.group === group);
        return (
          <fieldset key={group} className="share__group">
            <legend>{SHARE_GROUP_LABELS[group]}</legend>
            {groupOptions.length === 0 && <p className="muted">None on the chart.</p>}
            {groupOptions.map((option) => {
              const isReason = option.key === reasonKey;
              return (
                <label key={option.key} className="checkbox">
                  <input
                    type="checkbox"
                    checked={isShared(option, draft)}
                    disabled={isReason}
                    onChange={(event) => onToggle(option.key, event.target.checked)}
                  />
                  {option.label}
                  {isReason && <span className="tag">reason for consult, always shared</span>}
                </label>
              );
            })}
          </fieldset>
        );
      })}
    </fieldset>
  );
}
