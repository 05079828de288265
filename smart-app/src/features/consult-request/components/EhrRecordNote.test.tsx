import { render, screen } from '@testing-library/react';
import { expect, test } from 'vitest';
import { EhrRecordNote } from './EhrRecordNote.tsx';

test('says what was filed in the EHR chart and what was not, and why', () => {
  render(<EhrRecordNote items={[{ resourceType: 'ServiceRequest', status: 'not-offered' }, { resourceType: 'Communication', status: 'written', id: 'c1' }]} />);
  expect(screen.getByText(/Also filed in the EHR chart: a message about it\. Not filed in the EHR chart: the e-consult order \(this EHR does not accept it\)\./)).toBeTruthy();
});

test('says nothing when the EHR is not set up for it, or a resend filed nothing new', () => {
  const { container } = render(<EhrRecordNote items={[{ resourceType: 'Communication', status: 'not-repeated' }]} />);
  expect(container.textContent).toBe('');
});
