/**
 * The sections of the UI. Each later module (data, jobs, sweeps, models, deployments,
 * monitoring, labeling) adds one entry here and its routes in App.tsx.
 */
export interface NavItem {
  label: string;
  to: string;
  /** Path prefixes that belong to this section, for highlighting. */
  match: string[];
}

export const NAV_ITEMS: NavItem[] = [
  { label: 'Experiments', to: '/experiments', match: ['/experiments', '/runs', '/compare'] },
  { label: 'Datasets', to: '/datasets', match: ['/datasets'] },
  { label: 'Jobs', to: '/jobs', match: ['/jobs'] },
  { label: 'Sweeps', to: '/sweeps', match: ['/sweeps'] },
  { label: 'Models', to: '/models', match: ['/models'] },
];
