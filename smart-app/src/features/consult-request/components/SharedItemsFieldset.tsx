import type { ReactNode } from 'react';
import type { ConsultDraft } from '../api/consult-draft.ts';
import { isShared, reasonShareKey, SHARE_GROUP_LABELS } from '../api/share-options.ts';
import type { ClinicalItems, ShareGroup, ShareOption } from '../api/share-options.ts';

export interface SharedItemsFieldsetProps {
  readonly options: readonly ShareOption[];
  /** Groups the chart read has not delivered yet, or could not read. */
  readonly unread?: ClinicalItems['unread'];
  readonly draft: ConsultDraft;
  readonly onToggle: (key: string, shared: boolean) => void;
  /** What the proxy's check found cannot be sent, by item (`Type/id`). */
  readonly problems?: ReadonlyMap<string, string>;
}

/** Why a ticked option cannot be sent, if the check said so: its own item first, then the earlier results going with it. */
function problemOf(option: ShareOption, problems: ReadonlyMap<string, string>): string | undefined {
  const index = option.items.findIndex((item) => problems.has(`${item.type}/${item.id}`));
  const item = option.items[index];
  const text = item ? problems.get(`${item.type}/${item.id}`) : undefined;
  return text && index > 0 ? `An earlier result sent with it: ${text}` : text;
}

/** What to say about a group beside (or instead of) its items: never "none" for a group the chart read has not delivered. */
function GroupNote({ unread, empty }: { readonly unread: 'loading' | 'failed' | undefined; readonly empty: boolean }): ReactNode {
  if (unread === 'failed') {
    return <p className="field-error">{empty ? 'This' : 'Part of this'} could not be read from the chart. Reload to try again, or describe it in your question.</p>;
  }
  if (!empty) {
    return null;
  }
  return <p className="muted">{unread === 'loading' ? 'Still reading this from the chart…' : 'None on the chart.'}</p>;
}

const GROUP_ORDER: readonly ShareGroup[] = ['allergies', 'medications', 'problems', 'results'];

/** Which chart items travel with the consult, by group; the reason's problem is always shared. */
export function SharedItemsFieldset({ options, unread = {}, draft, onToggle, problems = new Map() }: SharedItemsFieldsetProps): ReactNode {
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
            <GroupNote unread={unread[group]} empty={groupOptions.length === 0} />
            {groupOptions.map((option) => {
              const isReason = option.key === reasonKey;
              const shared = isShared(option, draft);
              const problem = shared ? problemOf(option, problems) : undefined;
              const problemId = `share-problem-${option.key.replace(/[^A-Za-z0-9-]/g, '-')}`;
              return (
                <div key={option.key}>
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={shared}
                      disabled={isReason}
                      aria-invalid={problem ? true : undefined}
                      aria-describedby={problem ? problemId : undefined}
                      onChange={(event) => onToggle(option.key, event.target.checked)}
                    />
                    {option.label}
                    {isReason && <span className="tag">reason for consult, always shared</span>}
                  </label>
                  {problem && (
                    <p id={problemId} className="field-error share__problem">
                      {problem}
                    </p>
                  )}
                </div>
              );
            })}
          </fieldset>
        );
      })}
    </fieldset>
  );
}
