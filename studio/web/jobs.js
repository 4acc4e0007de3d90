// i2v studio: following jobs until they finish, and the project that survives a reload.

import { api } from './api.js';
import { $ } from './dom.js';
import { showError } from './errors.js';
import { isDone, isLatest, state } from './state.js';
import { renderJob, renderVersions } from './view.js';

const PROJECT_STORE = 'i2v.project'; // the versions of the current project (job ids), same tab
const POLL_MS = 1000;

// ---------- follow a job: poll GET /v1/jobs/{id} until it is finished
export async function follow(jobId, first) {
  if (first) update(first);
  if (state.following.has(jobId)) return;
  state.following.add(jobId);
  let failures = 0;
  try {
    for (;;) {
      const v = state.versions.find((x) => x.jobId === jobId);
      if (!v) return; // a new project replaced this one
      if (v.view && isDone(v.view.state)) return;
      await new Promise((r) => setTimeout(r, failures ? Math.min(10000, POLL_MS * 2 ** failures) : POLL_MS));
      try {
        update(await api('GET', `v1/jobs/${encodeURIComponent(jobId)}`));
        failures = 0;
      } catch (e) {
        if (e.code !== 'network') { showError(e, 'The video’s status could not be read'); return; }
        failures++;
        $('job-meta').textContent = 'Connection lost; trying again…';
      }
    }
  } finally {
    state.following.delete(jobId);
  }
}

// on a phone the progress panel is below the form: bring it into view once a job starts
export function showProgress() {
  if (window.matchMedia('(max-width: 899px)').matches) $('progress').scrollIntoView({ block: 'start' });
}

export function update(view) {
  const v = state.versions.find((x) => x.jobId === view.id);
  if (!v) return;
  v.view = view;
  if (view.state === 'SUCCEEDED' && (!state.selected || isLatest(view.id))) state.selected = view.id;
  if (isLatest(view.id)) renderJob(view);
  renderVersions();
}

// ---------- the project survives a reload of this tab
export function saveProject() {
  sessionStorage.setItem(PROJECT_STORE, JSON.stringify(state.versions.map(({ jobId, prompt, parentJobId }) => ({ jobId, prompt, parentJobId }))));
}

export async function restoreProject() {
  let saved = [];
  try { saved = JSON.parse(sessionStorage.getItem(PROJECT_STORE) || '[]'); } catch { saved = []; }
  if (!saved.length) return;
  state.versions = saved.map((v) => ({ ...v, view: null }));
  for (const v of state.versions) {
    try {
      update(await api('GET', `v1/jobs/${encodeURIComponent(v.jobId)}`));
    } catch (e) {
      v.view = { id: v.jobId, state: 'FAILED', error: { code: e.code, message: e.message } };
    }
  }
  renderVersions();
  for (const v of state.versions) if (v.view && !isDone(v.view.state)) follow(v.jobId);
}
