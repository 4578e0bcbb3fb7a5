import Table from 'cli-table3';

export type Align = 'left' | 'right';

/**
 * A borderless table in the style of `docker ps` and `kubectl get`: easy to read, and to grep.
 * No colours: output is often piped, and tests compare it as text.
 */
export function renderTable(head: string[], rows: string[][], align: Align[] = []): string {
  const table = new Table({
    head,
    colAligns: head.map((_, i) => align[i] ?? 'left'),
    chars: {
      top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
      bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
      left: '', 'left-mid': '', mid: '', 'mid-mid': '',
      right: '', 'right-mid': '', middle: '  ',
    },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const row of rows) table.push(row);
  // cli-table3 pads the last column too; trailing spaces only get in the way of diffs and greps.
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}
