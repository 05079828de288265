import { describe, expect, test } from 'vitest';
import { DEFAULT_SLA_HOURS, parseSlaHours, slaClock } from './sla.ts';

describe('SLA targets', () => {
  test('defaults to stat 1 h, asap 4 h, urgent 24 h and routine 72 h', () => {
    expect(parseSlaHours(undefined)).toEqual({ stat: 1, asap: 4, urgent: 24, routine: 72 });
  });

  test('a programme overrides some urgencies and keeps the defaults for the rest', () => {
    expect(parseSlaHours('routine=48, urgent = 8')).toEqual({ ...DEFAULT_SLA_HOURS, routine: 48, urgent: 8 });
  });

  test('refuses a pair it cannot read, naming it', () => {
    expect(() => parseSlaHours('soon=3')).toThrow(/"soon=3"/);
    expect(() => parseSlaHours('stat=0')).toThrow(/"stat=0"/);
  });
});

describe('the SLA clock', () => {
  const sent = '2026-03-02T08:00:00.000Z';

  test('is due the target hours after the consult was sent', () => {
    expect(slaClock(sent, 'urgent', true, new Date(sent), DEFAULT_SLA_HOURS)).toEqual({ targetHours: 24, dueAt: '2026-03-03T08:00:00.000Z', overdue: false });
  });

  test('turns overdue once an open consult passes its due time', () => {
    expect(slaClock(sent, 'stat', true, new Date('2026-03-02T09:00:01.000Z'), DEFAULT_SLA_HOURS).overdue).toBe(true);
  });

  test('never marks an answered consult overdue', () => {
    expect(slaClock(sent, 'stat', false, new Date('2026-03-09T00:00:00.000Z'), DEFAULT_SLA_HOURS).overdue).toBe(false);
  });
});
