import { expect } from 'vitest';
import { within } from '@testing-library/react';

/**
 * What a table that stacks into cards in a narrow panel (app.css, .stack-table) relies on, for `row`:
 * jsdom cannot lay it out, so only the structure is checked. Each cell names its column (data-label) and
 * the roles are written out, as a table whose display changes can lose them in some browsers.
 */
export function expectStackTableRow(table: HTMLElement, row: HTMLElement): void {
  expect(table.closest('.stack-table')).not.toBeNull();
  const columns = within(table).getAllByRole('columnheader').map((th) => th.textContent);
  expect(within(row).getAllByRole('cell').map((td) => td.dataset.label)).toEqual(columns.slice(1));
  expect([table, row, ...within(table).getAllByRole('columnheader'), within(row).getByRole('rowheader'), ...within(row).getAllByRole('cell')].map((el) => el.getAttribute('role'))).toEqual([
    'table',
    'row',
    ...columns.map(() => 'columnheader'),
    'rowheader',
    ...columns.slice(1).map(() => 'cell'),
  ]);
}
