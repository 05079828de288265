import { describe, expect, test } from 'vitest';
import { bpResults, egfrResult, hba1cResults, numericResult } from '../../testing/fixtures.ts';
import { observationTrend } from './observation-trend.ts';
import { groupObservations, interpretationFlag, observationValue } from './observations.ts';

describe('observation groups', () => {
  test('groups results by LOINC code with the newest result first', () => {
    const groups = groupObservations([...hba1cResults, egfrResult]);
    expect(groups.map((g) => g.label)).toEqual(['eGFR', 'HbA1c']);
    expect(groups[1]?.observations.map((o) => o.id)).toEqual(['obs-a1c-2026', 'obs-a1c-2024', 'obs-a1c-2021']);
  });

  test('leaves out results entered in error', () => {
    const retracted = { ...numericResult({ id: 'x', code: '4548-4', text: 'HbA1c', value: 99, unit: '%', date: '2027-01-01' }), status: 'entered-in-error' as const };
    expect(groupObservations([...hba1cResults, retracted])[0]?.latest.id).toBe('obs-a1c-2026');
  });

  test('reads blood pressure as systolic/diastolic from its components', () => {
    expect(observationValue(bpResults[1]!)).toEqual({ text: '142/88 mmHg', numbers: [142, 88], unit: 'mmHg' });
  });

  test('names the interpretation flag', () => {
    expect(interpretationFlag(egfrResult)).toEqual({ code: 'L', label: 'Low' });
  });
});

describe('observation trend', () => {
  test('lists the values in date order in its text alternative', () => {
    const [hba1c] = groupObservations(hba1cResults);
    expect(observationTrend(hba1c!)?.description).toBe('HbA1c: 6.8, 7.1, 7.4 % from 2021 to 2026');
  });

  test('keeps only the most recent points and says so, showing the last four on screen', () => {
    const many = Array.from({ length: 30 }, (_, i) => numericResult({ id: `k${i}`, code: '2823-3', text: 'Potassium', value: 4 + i / 100, unit: 'mmol/L', date: `2025-01-${String(i + 1).padStart(2, '0')}` }));
    const trend = observationTrend(groupObservations(many)[0]!, 3);
    expect(trend?.description).toBe('Potassium, last 3 of 30 results: 4.27, 4.28, 4.29 mmol/L in 2025');
    expect(observationTrend(groupObservations(many)[0]!)?.recent).toBe('… 4.26 → 4.27 → 4.28 → 4.29');
  });

  test('has no trend for a single result', () => {
    expect(observationTrend(groupObservations([egfrResult])[0]!)).toBeUndefined();
  });
});
