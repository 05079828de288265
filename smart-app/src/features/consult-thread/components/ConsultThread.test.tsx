import { fireEvent, screen, within } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import { useState } from 'react';
import { describe, expect, test } from 'vitest';
import { PROXY_BASE } from '../../../testing/fixtures.ts';
import { ehrWrites } from '../../../testing/msw/handlers/ehr-fhir.ts';
import { proxyStore } from '../../../testing/msw/handlers/proxy.ts';
import { server } from '../../../testing/msw/server.ts';
import { renderWithSession } from '../../../testing/render.tsx';
import { answeredConsult } from '../../../testing/specialist-fixtures.ts';
import { buildConsultNote, CONSULT_NOTE_SYSTEM } from '../api/consult-note.ts';
import { ConsultThread } from './ConsultThread.tsx';
import type { ReactNode } from 'react';

const WRITE_SCOPE = 'launch openid fhirUser patient/*.rs patient/DocumentReference.c';
/** Oracle Health's chart list without DocumentReference: the note may be written but not searched for. */
const CREATE_ONLY_SCOPE = 'launch openid fhirUser patient/Patient.rs patient/Condition.rs user/DocumentReference.c';
const noop = (): void => undefined;

function waitingConsult(id = 'sr-1') {
  const consult = answeredConsult(id);
  return { ...consult, status: 'active' as const, state: 'clarification-requested' as const, outcome: undefined, messages: consult.messages.slice(0, 2) };
}

/** A second consult of the same patient, to another specialty, with its own question. */
function cardiologyConsult() {
  const consult = waitingConsult('sr-2');
  const question = { ...consult.messages[0]!, id: 'q-2', text: 'New murmur on exam: echo first, or refer?' };
  return { ...consult, specialty: 'Cardiology', state: 'submitted' as const, messages: [question] };
}

/** The thread as ChartPage shows it: the consult list's Open buttons switch it from one consult to another. */
function SwitchingThread(): ReactNode {
  const [consultId, setConsultId] = useState('sr-1');
  return (
    <>
      <button type="button" onClick={() => setConsultId('sr-1')}>Open sr-1</button>
      <button type="button" onClick={() => setConsultId('sr-2')}>Open sr-2</button>
      <ConsultThread consultId={consultId} refreshKey={0} onChanged={noop} onClose={noop} />
    </>
  );
}

describe('the requester\'s consult thread', () => {
  test('shows the question and the specialist\'s clarifying question, and sends the reply in response to it', async () => {
    proxyStore.details['sr-1'] = waitingConsult();
    const { user } = renderWithSession(<ConsultThread consultId="sr-1" refreshKey={0} onChanged={noop} onClose={noop} />);
    const thread = await screen.findByRole('list', { name: 'Consult thread' });
    expect(within(thread).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      expect.stringContaining('eGFR fell from 58 to 44'),
      expect.stringContaining('What is the latest urine albumin-to-creatinine ratio?'),
    ]);
    expect(screen.getByText('Question for the requesting physician')).toBeTruthy();
    await user.type(screen.getByRole('textbox', { name: "Your answer to the specialist's question" }), 'UACR 410 mg/g.');
    await user.click(screen.getByRole('button', { name: 'Send reply' }));
    await expect.poll(() => proxyStore.replies).toHaveLength(1);
    expect(proxyStore.replies[0]).toMatchObject({ consultId: 'sr-1', body: { text: 'UACR 410 mg/g.', inResponseTo: 'c-1', idempotencyKey: expect.any(String) } });
  });

  test('shows the outcome and files the answer as a consult note in the chart after the physician confirms', async () => {
    proxyStore.details['sr-1'] = answeredConsult();
    const { user } = renderWithSession(<ConsultThread consultId="sr-1" refreshKey={0} onChanged={noop} onClose={noop} />, { scope: WRITE_SCOPE, encounter: 'enc-7' });
    expect((await screen.findByText(/^Outcome: Advice only/, { selector: '.callout' })).textContent).toBe('Outcome: Advice only: no visit needed');
    await user.click(await screen.findByRole('button', { name: 'File in chart…' }));
    expect(ehrWrites.notes).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Confirm and file' }));
    expect((await screen.findByText(/Filed in the chart/)).textContent).toContain('DocumentReference/doc-1');
    const [{ resource, ifNoneExist }] = ehrWrites.notes as [(typeof ehrWrites.notes)[number]];
    expect(resource).toMatchObject({
      status: 'current',
      docStatus: 'final',
      type: { coding: [{ system: 'http://loinc.org', code: '11488-4' }] },
      subject: { reference: 'Patient/patient-x' },
      author: [{ reference: 'Practitioner/pcp-maya-chen' }],
      context: { encounter: [{ reference: 'Encounter/enc-7' }] },
    });
    expect(resource.content[0]?.attachment.contentType).toBe('text/plain; charset=utf-8');
    expect(atob(resource.content[0]?.attachment.data ?? '')).toContain('Reduce metformin to 500 mg twice daily');
    expect(ifNoneExist).toBe(`identifier=${encodeURIComponent(`${CONSULT_NOTE_SYSTEM}|a-1`)}`);
  });

  test('shows a note filed before a reload as filed, and offers no second filing', async () => {
    const consult = answeredConsult();
    proxyStore.details['sr-1'] = consult;
    // Filed in an earlier session: the EHR holds it, the app's state of that session is gone.
    ehrWrites.notes.push({ resource: buildConsultNote(consult, { patientId: 'patient-x', author: 'Practitioner/pcp-maya-chen', encounterId: undefined, now: '2026-11-20T14:00:00Z' }), ifNoneExist: null });
    renderWithSession(<ConsultThread consultId="sr-1" refreshKey={0} onChanged={noop} onClose={noop} />, { scope: WRITE_SCOPE });
    expect((await screen.findByText(/Filed in the chart/)).textContent).toContain('DocumentReference/doc-1');
    expect(screen.queryByRole('button', { name: 'File in chart…' })).toBeNull();
  });

  test('files its own note when the chart holds only another consult\'s, even where the EHR ignores the identifier in a search and has no conditional create', async () => {
    const consult = answeredConsult();
    proxyStore.details['sr-1'] = consult;
    const other = answeredConsult('sr-2');
    ehrWrites.notes.push({ resource: buildConsultNote({ ...other, messages: other.messages.map((m) => (m.id === 'a-1' ? { ...m, id: 'a-2' } : m)) }, { patientId: 'patient-x', author: undefined, encounterId: undefined, now: '2026-11-20T14:00:00Z' }), ifNoneExist: null });
    ehrWrites.documentReference = { create: true, conditionalCreate: false };
    const { user } = renderWithSession(<ConsultThread consultId="sr-1" refreshKey={0} onChanged={noop} onClose={noop} />, { scope: WRITE_SCOPE });
    await user.click(await screen.findByRole('button', { name: 'File in chart…' }));
    await user.click(screen.getByRole('button', { name: 'Confirm and file' }));
    expect((await screen.findByText(/Filed in the chart/)).textContent).toContain('DocumentReference/doc-2');
    expect(ehrWrites.notes.map((n) => n.resource.identifier?.[0]?.value)).toEqual(['a-2', 'a-1']);
  });

  test('offers copy-ready text instead when the launch may not write notes', async () => {
    proxyStore.details['sr-1'] = answeredConsult();
    renderWithSession(<ConsultThread consultId="sr-1" refreshKey={0} onChanged={noop} onClose={noop} />);
    const text = (await screen.findByRole('textbox', { name: 'Consult note to copy' })) as HTMLTextAreaElement;
    expect(text.value).toContain('Outcome: Advice only: no visit needed');
    expect(screen.queryByRole('button', { name: 'File in chart…' })).toBeNull();
  });

  test('offers copy-ready text, and says why, where the EHR has no conditional create and the launch may not look up notes, so a filing could not be kept to one', async () => {
    ehrWrites.documentReference = { create: true, conditionalCreate: false };
    proxyStore.details['sr-1'] = answeredConsult();
    renderWithSession(<ConsultThread consultId="sr-1" refreshKey={0} onChanged={noop} onClose={noop} />, { scope: CREATE_ONLY_SCOPE });
    expect(await screen.findByRole('textbox', { name: 'Consult note to copy' })).toBeTruthy();
    expect(screen.getByText(/cannot look up the notes it filed before/).textContent).toContain('reading DocumentReference');
    expect(screen.queryByRole('button', { name: 'File in chart…' })).toBeNull();
  });

  test('files with a conditional create where the launch may not look up notes: the EHR itself keeps the filing to one', async () => {
    ehrWrites.documentReference = { create: true, conditionalCreate: true };
    proxyStore.details['sr-1'] = answeredConsult();
    const { user } = renderWithSession(<ConsultThread consultId="sr-1" refreshKey={0} onChanged={noop} onClose={noop} />, { scope: CREATE_ONLY_SCOPE });
    await user.click(await screen.findByRole('button', { name: 'File in chart…' }));
    await user.click(screen.getByRole('button', { name: 'Confirm and file' }));
    expect((await screen.findByText(/Filed in the chart/)).textContent).toContain('DocumentReference/doc-1');
    expect(ehrWrites.notes[0]?.ifNoneExist).toContain('identifier=');
  });

  test('offers copy-ready text when the EHR does not offer DocumentReference create', async () => {
    ehrWrites.documentReference = { create: false, conditionalCreate: false };
    proxyStore.details['sr-1'] = answeredConsult();
    renderWithSession(<ConsultThread consultId="sr-1" refreshKey={0} onChanged={noop} onClose={noop} />, { scope: WRITE_SCOPE });
    expect(await screen.findByRole('textbox', { name: 'Consult note to copy' })).toBeTruthy();
  });

  test('says "not found" in plain words for a consult of another patient, and offers no Try again that could only fail the same way', async () => {
    renderWithSession(<ConsultThread consultId="sr-other" refreshKey={0} onChanged={noop} onClose={noop} />);
    expect((await screen.findByRole('alert')).textContent).toContain('There is no such consult for you.');
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  test('offers Try again when the consult store is unavailable, reads the consult again, and puts the keyboard on it', async () => {
    proxyStore.details['sr-1'] = waitingConsult();
    server.use(
      http.get(`${PROXY_BASE}/consults/:id`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', details: { text: 'The consult store is unavailable.' } }] }, { status: 503 }), { once: true }),
    );
    const { user } = renderWithSession(<ConsultThread consultId="sr-1" refreshKey={0} onChanged={noop} onClose={noop} />);
    expect((await screen.findByRole('alert')).textContent).toBe('The consult could not be loaded. The consult store is unavailable.');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    const heading = await screen.findByRole('heading', { name: /^Consult: / });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(document.activeElement).toBe(heading);
  });

  test('switching to another consult shows neither the first consult\'s thread nor its unsent reply while the second loads, and each keeps its own draft', async () => {
    proxyStore.details['sr-1'] = waitingConsult();
    proxyStore.details['sr-2'] = cardiologyConsult();
    const { user } = renderWithSession(<SwitchingThread />);
    await user.type(await screen.findByRole('textbox', { name: "Your answer to the specialist's question" }), 'UACR 410 mg/g.');
    // The second consult answers slowly: until it does, nothing of the first may stand under its name.
    server.use(http.get(`${PROXY_BASE}/consults/sr-2`, async () => (await delay(150), HttpResponse.json({ consult: proxyStore.details['sr-2'] })), { once: true }));
    await user.click(screen.getByRole('button', { name: 'Open sr-2' }));
    expect(screen.getByRole('status').textContent).toBe('Loading the consult…');
    expect(screen.queryByText('What is the latest urine albumin-to-creatinine ratio?')).toBeNull();
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(await screen.findByRole('heading', { name: 'Consult: Cardiology' })).toBeTruthy();
    expect((screen.getByRole('textbox', { name: 'Add information for the specialist' }) as HTMLTextAreaElement).value).toBe('');
    await user.click(screen.getByRole('button', { name: 'Open sr-1' }));
    await screen.findByRole('heading', { name: 'Consult: Nephrology' });
    expect((screen.getByRole('textbox', { name: "Your answer to the specialist's question" }) as HTMLTextAreaElement).value).toBe('UACR 410 mg/g.');
  });

  test('keeps an unsent reply through a reload, and forgets it once it is sent', async () => {
    proxyStore.details['sr-1'] = waitingConsult();
    const first = renderWithSession(<ConsultThread consultId="sr-1" refreshKey={0} onChanged={noop} onClose={noop} />);
    await first.user.type(await screen.findByRole('textbox', { name: "Your answer to the specialist's question" }), 'UACR 410 mg/g.');
    first.unmount();
    const { user, unmount } = renderWithSession(<ConsultThread consultId="sr-1" refreshKey={0} onChanged={noop} onClose={noop} />);
    const field = (await screen.findByRole('textbox', { name: "Your answer to the specialist's question" })) as HTMLTextAreaElement;
    expect(field.value).toBe('UACR 410 mg/g.');
    await user.click(screen.getByRole('button', { name: 'Send reply' }));
    await expect.poll(() => proxyStore.replies.map((r) => (r.body as { text: string }).text)).toEqual(['UACR 410 mg/g.']);
    await expect.poll(() => field.value).toBe('');
    unmount();
    renderWithSession(<ConsultThread consultId="sr-1" refreshKey={0} onChanged={noop} onClose={noop} />);
    expect(((await screen.findByRole('textbox', { name: "Your answer to the specialist's question" })) as HTMLTextAreaElement).value).toBe('');
  });

  test('counts the reply against the proxy\'s 8,000 characters, keeps a longer one whole, and sends it only once it fits', async () => {
    proxyStore.details['sr-1'] = waitingConsult();
    const { user } = renderWithSession(<ConsultThread consultId="sr-1" refreshKey={0} onChanged={noop} onClose={noop} />);
    const box = (await screen.findByRole('textbox', { name: "Your answer to the specialist's question" })) as HTMLTextAreaElement;
    const send = screen.getByRole('button', { name: 'Send reply' }) as HTMLButtonElement;
    // Pasted in one go: typing 8,000 characters one by one would only slow the test.
    fireEvent.change(box, { target: { value: 'x'.repeat(8001) } });
    expect(box.value).toHaveLength(8001);
    const count = screen.getByText(/^8001 \/ 8000 characters/);
    expect(count.textContent).toContain(': 1 too many.');
    expect(box.getAttribute('aria-describedby')).toBe(count.id);
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(send.disabled).toBe(true);
    // White space around the text is not sent, so it does not count.
    fireEvent.change(box, { target: { value: ` ${'x'.repeat(8000)}\n` } });
    expect(count.textContent).toBe('8000 / 8000 characters');
    expect(box.getAttribute('aria-invalid')).toBeNull();
    expect(send.disabled).toBe(false);
    await user.click(send);
    await expect.poll(() => proxyStore.replies.map((r) => (r.body as { text: string }).text.length)).toEqual([8000]);
  });

  test('never shows one physician\'s unsent reply to another signed in on the same browser', async () => {
    proxyStore.details['sr-1'] = waitingConsult();
    const first = renderWithSession(<ConsultThread consultId="sr-1" refreshKey={0} onChanged={noop} onClose={noop} />);
    await first.user.type(await screen.findByRole('textbox', { name: "Your answer to the specialist's question" }), 'UACR 410 mg/g.');
    first.unmount();
    renderWithSession(<ConsultThread consultId="sr-1" refreshKey={0} onChanged={noop} onClose={noop} />, { fhirUser: 'Practitioner/covering-colleague' });
    expect(((await screen.findByRole('textbox', { name: "Your answer to the specialist's question" })) as HTMLTextAreaElement).value).toBe('');
  });
});
