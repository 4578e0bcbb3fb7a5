import { Component, type ReactNode } from 'react';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { ComparePage } from '../pages/compare/ComparePage';
import { DatasetPage } from '../pages/dataset/DatasetPage';
import { VersionPage } from '../pages/dataset-version/VersionPage';
import { DatasetsPage } from '../pages/datasets/DatasetsPage';
import { ExperimentsPage } from '../pages/experiments/ExperimentsPage';
import { JobPage } from '../pages/job/JobPage';
import { JobsPage } from '../pages/jobs/JobsPage';
import { ModelPage } from '../pages/model/ModelPage';
import { ModelVersionPage } from '../pages/model-version/ModelVersionPage';
import { ModelsPage } from '../pages/models/ModelsPage';
import { RunPage } from '../pages/run/RunPage';
import { RunsPage } from '../pages/runs/RunsPage';
import { SweepPage } from '../pages/sweep/SweepPage';
import { SweepsPage } from '../pages/sweeps/SweepsPage';
import { NAV_ITEMS } from './nav';
import { useTheme } from './theme';

export function App() {
  const [theme, toggleTheme] = useTheme();
  const location = useLocation();
  return (
    <div className="app">
      <header className="app-header">
        <Link to="/" className="brand">
          Flywheel
        </Link>
        <nav className="app-nav" aria-label="Sections">
          {NAV_ITEMS.map((item) => (
            <Link key={item.to} to={item.to} className={item.match.some((m) => location.pathname.startsWith(m)) ? 'active' : ''}>
              {item.label}
            </Link>
          ))}
        </nav>
        <button type="button" className="theme-toggle" onClick={toggleTheme} aria-label="Toggle dark mode">
          {theme === 'light' ? 'Dark' : 'Light'}
        </button>
      </header>
      <main className="app-main">
        <PageErrorBoundary key={location.pathname}>
          <Routes>
            <Route path="/" element={<Navigate to="/experiments" replace />} />
            <Route path="/experiments" element={<ExperimentsPage />} />
            <Route path="/experiments/:experimentId" element={<RunsPage />} />
            <Route path="/runs/:runId" element={<RunPage />} />
            <Route path="/compare" element={<ComparePage />} />
            <Route path="/datasets" element={<DatasetsPage />} />
            <Route path="/datasets/:name" element={<DatasetPage />} />
            <Route path="/datasets/:name/versions/:ref" element={<VersionPage />} />
            <Route path="/jobs" element={<JobsPage />} />
            <Route path="/jobs/:jobId" element={<JobPage />} />
            <Route path="/sweeps" element={<SweepsPage />} />
            <Route path="/sweeps/:sweepId" element={<SweepPage />} />
            <Route path="/models" element={<ModelsPage />} />
            <Route path="/models/:name" element={<ModelPage />} />
            <Route path="/models/:name/versions/:version" element={<ModelVersionPage />} />
            <Route path="*" element={<p className="empty">No page here. <Link to="/experiments">Go to experiments</Link>.</p>} />
          </Routes>
        </PageErrorBoundary>
      </main>
    </div>
  );
}

/** A page that throws while rendering shows the error, not a blank screen. */
class PageErrorBoundary extends Component<{ children: ReactNode }, { error: Error | undefined }> {
  override state: { error: Error | undefined } = { error: undefined };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (this.state.error) {
      return (
        <div className="error-message" role="alert">
          <strong>This page failed to render.</strong> <span>{this.state.error.message}</span>
        </div>
      );
    }
    return this.props.children;
  }
}
