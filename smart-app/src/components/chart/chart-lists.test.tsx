import { render, screen } from '@testing-library/react';
import { expect, test } from 'vitest';
import { ckdDiagnosis, diabetesProblem, metforminOrder, penicillinAllergy } from '../../testing/fixtures.ts';
import { AllergyList } from './AllergyList.tsx';
import { MedicationList } from './MedicationList.tsx';
import { ProblemList } from './ProblemList.tsx';

const texts = (): (string | null)[] => screen.getAllByRole('listitem').map((item) => item.textContent);

test('separates an item\'s details with text, so a screen reader or a copy does not run them together', () => {
  render(
    <>
      <ProblemList problems={[diabetesProblem, ckdDiagnosis]} emptyText="" />
      <MedicationList medications={[metforminOrder]} emptyText="" />
      <AllergyList allergies={[penicillinAllergy]} emptyText="" />
    </>,
  );
  expect(texts()).toEqual([
    'Type 2 diabetes mellitus · since Jun 1, 2015',
    'Chronic kidney disease stage 3A Encounter diagnosis',
    'Metformin 500 mg oral tablet · 500 mg by mouth twice daily',
    'Penicillin High criticality · Anaphylaxis',
  ]);
});
