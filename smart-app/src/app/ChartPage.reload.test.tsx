import { screen, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { proxyStore } from '../testing/msw/handlers/proxy.ts';
import { renderApp } from '../testing/render.tsx';
import type { TestClientOptions } from '../testing/smart-client.ts';
import { answeredConsult } from '../testing/specialist-fixtures.ts';

// A reload of the chart frame (or the EHR relaunching Curbside when the physician comes back to the chart)
// should not close the consult thread the physician was reading.
describe('the consult thread open in a chart, after a reload', () => {
  const withConsult = (): void => {
    const consult = answeredConsult('sr-kept');
    proxyStore.consults = [consult];
    proxyStore.details['sr-kept'] = consult;
  };
  const list = (): Promise<HTMLElement> => screen.findByRole('region', { name: 'Consults for this patient' });
  const openThread = async (options: TestClientOptions = {}) => {
    const rendered = renderApp(options);
    await rendered.user.click(await within(await list()).findByRole('button', { name: /^Open the Nephrology thread/ }));
    await screen.findByRole('heading', { name: 'Consult: Nephrology' });
    return rendered;
  };

  test('is open again, without taking the focus from the EHR\'s screen around the frame', async () => {
    withConsult();
    (await openThread()).unmount();
    renderApp();
    const heading = await screen.findByRole('heading', { name: 'Consult: Nephrology' });
    expect(heading).toBeTruthy();
    expect(document.activeElement).toBe(document.body);
  });

  test('stays closed once the physician closed it', async () => {
    withConsult();
    const rendered = await openThread();
    await rendered.user.click(screen.getByRole('button', { name: /^Close/ }));
    rendered.unmount();
    renderApp();
    await within(await list()).findByRole('button', { name: /^Open the Nephrology thread/ });
    expect(screen.queryByRole('heading', { name: 'Consult: Nephrology' })).toBeNull();
  });

  test('is not opened in another patient\'s chart in the same tab', async () => {
    withConsult();
    (await openThread({ patient: 'patient-x' })).unmount();
    renderApp({ patient: 'patient-y' });
    await within(await list()).findByRole('button', { name: /^Open the Nephrology thread/ });
    expect(screen.queryByRole('heading', { name: 'Consult: Nephrology' })).toBeNull();
  });

  test('is not opened for another user of the same browser', async () => {
    withConsult();
    (await openThread()).unmount();
    renderApp({ fhirUser: 'Practitioner/someone-else', fhirUserUrl: 'https://ehr.test/fhir/R4/Practitioner/someone-else' });
    await within(await list()).findByRole('button', { name: /^Open the Nephrology thread/ });
    expect(screen.queryByRole('heading', { name: 'Consult: Nephrology' })).toBeNull();
  });
});
