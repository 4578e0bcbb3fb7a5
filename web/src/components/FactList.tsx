import type { ReactNode } from 'react';

/** One fact: its label, its value, and the test id of its row. */
export type Fact = [label: string, value: ReactNode, testId: string];

/** A definition list of facts (a job's, a sweep's, a version's), one row per fact. */
export function FactList({ facts, className, testId }: { facts: readonly Fact[]; className: string; testId: string }) {
  return (
    <dl className={className} data-testid={testId}>
      {facts.map(([label, value, id]) => (
        <div key={label} data-testid={id}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
