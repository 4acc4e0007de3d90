// i2v studio: what the page holds, and the questions asked of it.

export const state = {
  files: [],     // {id, file, kind: 'image'|'music', mode: 'inline'|'upload', progress, preview}
  versions: [],  // {jobId, prompt, parentJobId, view}
  selected: null, // job id that a refine applies to
  following: new Set(),
  busy: false,
  nextFileId: 1,
};

export const isDone = (s) => s === 'SUCCEEDED' || s === 'FAILED' || s === 'CANCELED';

export const isLatest = (jobId) => state.versions.length && state.versions[state.versions.length - 1].jobId === jobId;

export function refineTarget() {
  const v = state.versions.find((x) => x.jobId === state.selected);
  return v && v.view && v.view.state === 'SUCCEEDED' ? v : null;
}
