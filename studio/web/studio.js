// i2v studio: drop photos, say what you want, watch it render, refine, download.
// Talks only to the i2v HTTP API next to this page (relative "v1/…" paths) and to the presigned
// S3 URLs the API hands out. No framework, no build step, nothing loaded from elsewhere.
//
// The page's parts: dom.js, state.js, api.js (HTTP, API key, uploads), errors.js, files.js (the chosen
// files), view.js (progress and versions), jobs.js (polling, the saved project); this one wires them.

import { api, ApiError, base64, KEY_STORE, put, randomKey, showAccount } from './api.js';
import { $, h } from './dom.js';
import { showError } from './errors.js';
import { addFiles, planUploads, removeFile, renderFiles, setUploadProgress, wireDrop } from './files.js';
import { follow, restoreProject, saveProject, showProgress, update } from './jobs.js';
import { refineTarget, state } from './state.js';
import { renderVersions } from './view.js';

const CREDITS_STORE = 'i2v.credits'; // 'none' once the backend said it has no credits

const PROMPT_EXAMPLES = [
  'animate this image into a 10-second cinematic video with smooth motion',
  'export 1080p MP4',
  'a 6-second vertical video for Reels, slow zoom out',
  'seamless loop with a gentle orbit around the subject',
  'pan right across the scene, 720p',
  'add the title "Summer Sale" at the top for the first 3 seconds',
  'one clip per image',
  'music at 35%',
];
const REFINE_EXAMPLES = [
  'slower', 'faster', 'make it vertical', 'add the title "New Collection"', 'remove the title',
  'seamless loop', 'more parallax', 'flat', 'longer', 'quieter',
];

// ---------- options
function options() {
  const o = {};
  const duration = $('opt-duration').value.trim();
  if (duration) {
    const d = Number(duration);
    if (!(d >= 1 && d <= 60)) throw new ApiError('invalid_request', 0, 'the length must be between 1 and 60 seconds');
    o.durationSeconds = d;
  }
  for (const [id, name] of [['opt-aspect', 'aspect'], ['opt-motion', 'motion'], ['opt-format', 'format'], ['opt-depth', 'depth']]) {
    if ($(id).value) o[name] = $(id).value;
  }
  if ($('opt-loop').value) o.loop = $('opt-loop').value === 'true';
  return Object.keys(o).length ? o : undefined;
}

// ---------- submit a new job
async function submit(event) {
  event.preventDefault();
  if (state.busy) return;
  showError(null);
  const images = state.files.filter((f) => f.kind === 'image');
  if (!images.length) {
    showError(new ApiError('missing_image', 0, 'no photo was chosen'));
    return;
  }
  setBusy(true);
  const note = $('upload-note');
  try {
    const opts = options();
    const entries = [];
    for (const f of state.files) {
      if (f.mode === 'inline') {
        entries.push({ name: f.file.name, data: await base64(f.file) });
        continue;
      }
      note.textContent = `Uploading ${f.file.name}…`;
      const ticket = await api('POST', 'v1/uploads', {
        filename: f.file.name, contentType: f.file.type || 'application/octet-stream', size: f.file.size,
      });
      await put(ticket.uploadUrl, ticket.headers, f.file, (p) => setUploadProgress(f, p));
      setUploadProgress(f, 1);
      entries.push({ key: ticket.key, name: f.file.name });
    }
    note.textContent = 'Sending the job…';
    const prompt = $('prompt').value.trim() || undefined;
    const job = await api('POST', 'v1/jobs', { prompt, images: entries, options: opts }, { idempotencyKey: randomKey() });
    note.textContent = state.files.some((f) => f.mode === 'upload') ? 'Uploaded. The video is on its way.' : 'Sent. The video is on its way.';
    state.versions = [{ jobId: job.id, prompt: job.prompt, parentJobId: null, view: job }];
    state.selected = null;
    saveProject();
    follow(job.id, job);
    showProgress();
  } catch (e) {
    note.textContent = '';
    showError(e, 'The video could not be started');
  } finally {
    setBusy(false);
  }
}

function setBusy(busy) {
  state.busy = busy;
  $('submit').disabled = busy;
  $('pick').disabled = busy;
  $('refine-submit').disabled = busy || !refineTarget();
  renderFiles();
}

async function refine(event) {
  event.preventDefault();
  if (state.busy) return;
  showError(null);
  const target = refineTarget();
  const prompt = $('refine-prompt').value.trim();
  if (!target) return;
  if (!prompt) {
    showError(new ApiError('invalid_request', 0, 'say what should change, e.g. “slower”'));
    return;
  }
  setBusy(true);
  try {
    const job = await api('POST', `v1/jobs/${encodeURIComponent(target.jobId)}/edits`, { prompt }, { idempotencyKey: randomKey() });
    state.versions.push({ jobId: job.id, prompt, parentJobId: target.jobId, view: job });
    saveProject();
    $('refine-prompt').value = '';
    follow(job.id, job);
    showProgress();
  } catch (e) {
    showError(e, 'The change could not be started');
  } finally {
    setBusy(false);
  }
}

async function cancel() {
  const latest = state.versions[state.versions.length - 1];
  if (!latest) return;
  $('cancel').disabled = true;
  try {
    update(await api('POST', `v1/jobs/${encodeURIComponent(latest.jobId)}/cancel`));
  } catch (e) {
    $('cancel').disabled = false;
    showError(e, 'The video could not be canceled');
  }
}

function newProject() {
  state.versions = [];
  state.selected = null;
  for (const f of [...state.files]) removeFile(f.id, true);
  planUploads();
  renderFiles();
  saveProject();
  showError(null);
  $('job').hidden = true;
  $('progress-empty').hidden = false;
  $('new-project').hidden = true;
  $('upload-note').textContent = '';
  renderVersions();
  $('pick').focus();
}

// ---------- wiring
function chips(container, examples, target) {
  container.replaceChildren(...examples.map((text) => h('button', {
    type: 'button', class: 'chip',
    onclick: () => {
      const box = $(target);
      const now = box.value.trim();
      box.value = now ? `${now.replace(/[,.]\s*$/, '')}, ${text}` : text;
      box.focus();
    },
  }, text)));
}

async function start() {
  chips($('prompt-chips'), PROMPT_EXAMPLES, 'prompt');
  chips($('refine-chips'), REFINE_EXAMPLES, 'refine-prompt');
  wireDrop();
  $('pick').addEventListener('click', () => $('files').click());
  $('files').addEventListener('change', (e) => { addFiles(e.target.files); e.target.value = ''; });
  $('job-form').addEventListener('submit', submit);
  $('refine-form').addEventListener('submit', refine);
  $('cancel').addEventListener('click', cancel);
  $('new-project').addEventListener('click', newProject);
  $('forget-key').addEventListener('click', () => { sessionStorage.removeItem(KEY_STORE); showAccount(); });
  showAccount();
  // The first call tells whether keys are on (401 asks for one, once) and shows cloud credits where
  // there are any. A backend without credits (501) is remembered for the tab: it will not have them later.
  if (sessionStorage.getItem(CREDITS_STORE) !== 'none') {
    try {
      const c = await api('GET', 'v1/credits');
      if (c && c.available !== undefined) showAccount(`Credits: ${c.available} available.`);
    } catch (e) {
      if (e.code === 'unauthorized') showError(e, 'No API key');
      if (e.code === 'not_supported') sessionStorage.setItem(CREDITS_STORE, 'none');
      // anything else shows up on the first real call
    }
  }
  await restoreProject();
  document.body.dataset.ready = 'true';
}

start();
