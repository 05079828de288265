import type { ReactNode } from 'react';

/**
 * The header row of a table that stacks into cards in a narrow panel (app.css, .stack-table). The roles are
 * written out because some browsers drop a table's semantics once its display changes.
 */
export function StackTableHead({ columns }: { readonly columns: readonly string[] }): ReactNode {
  return (
    <thead role="rowgroup">
      <tr role="row">
        {columns.map((column) => (
          <th key={column} scope="col" role="columnheader">
            {column}
          </th>
        ))}
      </tr>
    </thead>
  );
}
