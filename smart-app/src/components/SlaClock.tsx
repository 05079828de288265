import type { ReactNode } from 'react';
import type { SlaClock as Clock } from '../lib/api-contract.ts';
import { useNow } from '../lib/useNow.ts';

export interface SlaClockProps {
  readonly sla: Clock;
  /** False once the consult is answered, declined or withdrawn: the clock stops. */
  readonly open: boolean;
}

function duration(ms: number): string {
  const minutes = Math.max(Math.round(Math.abs(ms) / 60_000), 1);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  return days > 0 ? `${days} d ${hours} h` : hours > 0 ? `${hours} h ${mins} min` : `${mins} min`;
}

/** Time left to the consult's SLA target, turning visibly overdue (in words, not by colour alone). */
export function SlaClock({ sla, open }: SlaClockProps): ReactNode {
  const now = useNow();
  const left = Date.parse(sla.dueAt) - now;
  if (!open) {
    return <span className="sla sla--stopped">Target {sla.targetHours} h</span>;
  }
  const overdue = left <= 0;
  return (
    <span className={overdue ? 'sla sla--overdue' : 'sla'} title={`Target: answered within ${sla.targetHours} h (due ${new Date(sla.dueAt).toLocaleString()})`}>
      {overdue ? `Overdue by ${duration(left)}` : `Due in ${duration(left)}`}
    </span>
  );
}
