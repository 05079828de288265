import { render, screen } from '@testing-library/react';
import { expect, test } from 'vitest';
import type { ThreadMessage } from '../../lib/api-contract.ts';
import { ThreadMessages } from './ThreadMessages.tsx';

const message = (id: string, from: ThreadMessage['from'], senderName: string, text: string): ThreadMessage => ({ id, kind: from === 'requester' ? 'question' : 'clarification-request', from, senderName, text, sentAt: '2026-11-21T09:00:00Z', inResponseTo: undefined, outcome: undefined });

test('names each message by its sender, never "You": a colleague on the same side reads the thread too', () => {
  render(<ThreadMessages viewer="requester" messages={[message('m1', 'requester', 'Dr. Anna Kowalski', 'K 5.3 on lisinopril?'), message('m2', 'specialist', 'Dr. Amara Nwosu', 'What is the UACR?')]} />);
  const metas = screen.getAllByRole('listitem').map((item) => item.querySelector('.thread__meta')?.textContent ?? '');
  expect(metas[0]).toContain('Dr. Anna Kowalski');
  expect(metas[1]).toContain('Dr. Amara Nwosu (specialist)');
  expect(metas.join(' ')).not.toContain('You');
});
