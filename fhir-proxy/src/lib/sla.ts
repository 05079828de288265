import type { Urgency } from '../api/consult-input.ts';
import type { SlaClock } from '../api/consult-thread.ts';

/** Hours within which a consult of each urgency should be answered. */
export type SlaTargets = Readonly<Record<Urgency, number>>;

/**
 * Defaults: stat 1 h, asap 4 h, urgent 24 h, routine 72 h (AAMC Project CORE's 72 h for routine
 * questions). A programme sets its own with CURBSIDE_SLA_HOURS, e.g. `routine=48,urgent=8`.
 */
export const DEFAULT_SLA_HOURS: SlaTargets = { stat: 1, asap: 4, urgent: 24, routine: 72 };

/** Parses `urgency=hours` pairs (comma-separated) over the defaults; throws naming the bad pair. */
export function parseSlaHours(text: string | undefined): SlaTargets {
  const targets: Record<Urgency, number> = { ...DEFAULT_SLA_HOURS };
  for (const pair of (text ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^(stat|asap|urgent|routine)\s*=\s*(\d+(?:\.\d+)?)$/.exec(pair);
    const hours = Number(match?.[2]);
    if (!match?.[1] || !(hours > 0)) {
      throw new Error(`CURBSIDE_SLA_HOURS: "${pair}" is not <stat|asap|urgent|routine>=<hours>`);
    }
    targets[match[1] as Urgency] = hours;
  }
  return targets;
}

/** The consult's due time from when it was sent, and whether it is overdue now (only while open). */
export function slaClock(authoredOn: string | undefined, urgency: Urgency, open: boolean, now: Date, targets: SlaTargets): SlaClock {
  const targetHours = targets[urgency];
  const sent = Date.parse(authoredOn ?? '');
  const start = Number.isNaN(sent) ? now.getTime() : sent;
  const due = start + targetHours * 3_600_000;
  return { targetHours, dueAt: new Date(due).toISOString(), overdue: open && now.getTime() > due };
}
