// i2v studio: drop photos, say what you want, watch it render, refine, download.
// Talks only to the i2v HTTP API next to this page (relative "v1/…" paths) and to the presigned
// S3 URLs the API hands out. No framework, no build step, nothing loaded from elsewhere.

const KEY_STORE = 'i2v.apiKey';          // sessionStorage only: gone when the tab closes
const PROJECT_STORE = 'i2v.project';     // the versions of the current project (job ids), same tab
const CREDITS_STORE = 'i2v.credits';     // 'none' once the backend said it has no credits
const INLINE_MAX_FILE = 2 * 1024 * 1024; // larger files go through POST /v1/uploads (presigned PUT)
const INLINE_MAX_TOTAL = 3 * 1024 * 1024; // keeps an inline request well under the function URL's 6 MB
const POLL_MS = 1000;
const AUDIO_EXT = /\.(mp3|wav|m4a|aac)$/i;
const PREVIEWABLE = /^image\/(jpeg|png|webp|gif|avif)$/;

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
const STAGES = {
  preparing: 'Preparing the photos',
  uploading: 'Sending to the video service',
  generating: 'Generating',
  exporting: 'Exporting',
  rendering: 'Rendering the frames',
  storing: 'Saving the video',
};
// What each stable error code means for the person in front of the page.
const PLAIN = {
  invalid_request: 'Something in the request was not accepted.',
  missing_image: 'Add at least one photo first.',
  unsupported_version: 'This page is older than the service; reload it.',
  unsupported_format: 'One of the files is not a picture (or music file) that can be read. Use JPG, PNG, WEBP or HEIC photos, and MP3, WAV, M4A or AAC for music.',
  file_too_large: 'A file is too big.',
  image_too_large: 'A photo has too many pixels.',
  corrupt_image: 'A photo seems damaged or incomplete; try exporting it again.',
  url_not_allowed: 'That address cannot be used for a photo.',
  url_fetch_failed: 'The photo could not be downloaded.',
  unauthorized: 'The API key was not accepted. Enter it again.',
  job_not_found: 'That video was not found (it may have expired, or belong to another key).',
  conflict: 'That cannot be done in the video’s current state.',
  render_failed: 'The video could not be made.',
  output_invalid: 'The finished video did not pass its check, so it was not kept.',
  storage_unavailable: 'Storage is briefly unavailable. Try again in a minute.',
  queue_unavailable: 'The job queue is briefly unavailable. Try again in a minute.',
  retries_exhausted: 'The video failed several times and was given up.',
  internal_error: 'Something went wrong on the service’s side.',
  insufficient_credits: 'There are not enough credits left for this video.',
  plan_upgrade_required: 'This needs a bigger plan at the video service.',
  rate_limited: 'Too many requests right now. Wait a little and try again.',
  backend_unavailable: 'The video service is unavailable at the moment. Try again later.',
  stalled: 'The video stopped making progress and was stopped.',
  not_supported: 'This is not supported here.',
  network: 'The service could not be reached. Check the connection and try again.',
  upload_failed: 'A file could not be uploaded.',
};

class ApiError extends Error {
  constructor(code, status, message) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

const $ = (id) => document.getElementById(id);
const state = {
  files: [],     // {id, file, kind: 'image'|'music', mode: 'inline'|'upload', progress, preview}
  versions: [],  // {jobId, prompt, parentJobId, view}
  selected: null, // job id that a refine applies to
  following: new Set(),
  busy: false,
  nextFileId: 1,
};

// ---------- small DOM helper (textContent only: prompts and messages come from outside)
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function bytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

function randomKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

// ---------- API key: asked once (on the first 401), kept in this tab's session storage only
let keyPrompt = null;
function askKey(reason) {
  if (keyPrompt) return keyPrompt;
  const dialog = $('key-dialog');
  $('key-reason').textContent = reason || 'This service needs an API key.';
  $('api-key').value = '';
  keyPrompt = new Promise((resolve) => {
    dialog.addEventListener('close', function done() {
      dialog.removeEventListener('close', done);
      keyPrompt = null;
      const key = $('api-key').value.trim();
      if (dialog.returnValue === 'ok' && key) {
        sessionStorage.setItem(KEY_STORE, key);
        showAccount();
        resolve(true);
      } else {
        resolve(false);
      }
    });
  });
  dialog.showModal();
  $('api-key').focus();
  return keyPrompt;
}

function showAccount(extra) {
  const key = sessionStorage.getItem(KEY_STORE);
  $('account').hidden = !key && !extra;
  $('account-text').textContent = [key ? 'API key set for this tab.' : '', extra || ''].filter(Boolean).join(' ');
  $('forget-key').hidden = !key;
}

// ---------- HTTP
async function api(method, path, body, { idempotencyKey } = {}) {
  for (let attempt = 0; ; attempt++) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const key = sessionStorage.getItem(KEY_STORE);
    if (key) headers.Authorization = `Bearer ${key}`;
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    let res;
    try {
      res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new ApiError('network', 0, e.message);
    }
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON: shown as text below */ }
    if (res.ok) return json;
    const err = json && json.error ? json.error : { code: `http_${res.status}`, message: text.slice(0, 300) || res.statusText };
    if (res.status === 401 && attempt < 3) {
      sessionStorage.removeItem(KEY_STORE);
      showAccount();
      const reason = key ? 'That key was not accepted. Enter a valid API key.' : 'This service needs an API key.';
      if (await askKey(reason)) continue;
    }
    throw new ApiError(err.code, res.status, err.message);
  }
}

// A presigned PUT with upload progress (fetch cannot report upload progress; XMLHttpRequest can).
function put(url, headers, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [k, v] of Object.entries(headers || {})) xhr.setRequestHeader(k, v);
    xhr.upload.addEventListener('progress', (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); });
    xhr.addEventListener('load', () => (xhr.status >= 200 && xhr.status < 300 ? resolve()
      : reject(new ApiError('upload_failed', xhr.status, `storage answered HTTP ${xhr.status} for ${file.name}`))));
    xhr.addEventListener('error', () => reject(new ApiError('upload_failed', 0, `the upload of ${file.name} was interrupted`)));
    xhr.send(file);
  });
}

function base64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new ApiError('invalid_request', 0, `${file.name} could not be read`));
    reader.readAsDataURL(file);
  });
}

// ---------- errors in plain words, with the code
function showError(e, context) {
  const box = $('error');
  box.replaceChildren();
  if (!e) { box.hidden = true; return; }
  const code = e.code || 'internal_error';
  const plain = PLAIN[code] || 'Something went wrong.';
  box.append(
    h('strong', {}, context ? `${context}: ${plain}` : plain),
    e.message ? h('p', {}, `The service said: ${e.message}`) : null,
    h('p', { class: 'code' }, 'Error code ', h('code', {}, code), e.status ? ` (HTTP ${e.status})` : '',
      e.retryable ? ' — trying again may work.' : ''),
  );
  box.hidden = false;
  box.focus();
}

// ---------- files
function kindOf(file) {
  return (file.type && file.type.startsWith('audio/')) || AUDIO_EXT.test(file.name) ? 'music' : 'image';
}

function addFiles(list) {
  let note = '';
  for (const file of list) {
    const kind = kindOf(file);
    if (kind === 'music') {
      const old = state.files.find((f) => f.kind === 'music');
      if (old) { removeFile(old.id, true); note = `Only one music file per video: ${old.file.name} was replaced by ${file.name}.`; }
    }
    state.files.push({
      id: state.nextFileId++, file, kind, progress: 0,
      preview: PREVIEWABLE.test(file.type) ? URL.createObjectURL(file) : null,
    });
  }
  planUploads();
  renderFiles();
  $('upload-note').textContent = note;
}

function removeFile(id, quiet) {
  const i = state.files.findIndex((f) => f.id === id);
  if (i < 0) return;
  const [f] = state.files.splice(i, 1);
  if (f.preview) URL.revokeObjectURL(f.preview);
  if (!quiet) { planUploads(); renderFiles(); $('upload-note').textContent = `${f.file.name} removed.`; }
}

// Small files ride inline in the job request; the rest go to storage first through presigned PUTs.
function planUploads() {
  let inline = 0;
  for (const f of state.files) {
    if (f.file.size <= INLINE_MAX_FILE && inline + f.file.size <= INLINE_MAX_TOTAL) {
      f.mode = 'inline';
      inline += f.file.size;
    } else {
      f.mode = 'upload';
    }
  }
}

function renderFiles() {
  const list = $('file-list');
  list.replaceChildren(...state.files.map((f) => {
    const label = f.kind === 'music' ? 'MUSIC' : (f.file.name.split('.').pop() || 'IMG').toUpperCase();
    const badge = () => h('span', { class: 'thumb', 'aria-hidden': 'true' }, label.slice(0, 5));
    // a file that only claims to be a picture cannot be previewed: show its type instead
    const thumb = f.preview ? h('img', { class: 'thumb', src: f.preview, alt: '', onerror: (e) => e.target.replaceWith(badge()) }) : badge();
    const how = f.mode === 'inline' ? 'sent with the request' : 'uploaded to storage first';
    return h('li', { class: 'file', 'data-mode': f.mode, 'data-name': f.file.name },
      thumb,
      h('div', {},
        h('div', { class: 'file-name' }, f.file.name),
        h('div', { class: 'file-info' }, `${f.kind === 'music' ? 'Music' : 'Photo'} · ${bytes(f.file.size)} · ${how}`),
        f.mode === 'upload' ? h('progress', { max: '100', value: String(Math.round(f.progress * 100)), 'aria-label': `Upload of ${f.file.name}` }) : null),
      h('button', { type: 'button', class: 'secondary', 'aria-label': `Remove ${f.file.name}`, disabled: state.busy, onclick: () => removeFile(f.id) }, 'Remove'));
  }));
}

function setUploadProgress(f, fraction) {
  f.progress = fraction;
  const bar = document.querySelector(`.file[data-name="${CSS.escape(f.file.name)}"] progress`);
  if (bar) bar.value = Math.round(fraction * 100);
}

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

// ---------- follow a job: poll GET /v1/jobs/{id} until it is finished
async function follow(jobId, first) {
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
function showProgress() {
  if (window.matchMedia('(max-width: 899px)').matches) $('progress').scrollIntoView({ block: 'start' });
}

const isDone = (s) => s === 'SUCCEEDED' || s === 'FAILED' || s === 'CANCELED';

function update(view) {
  const v = state.versions.find((x) => x.jobId === view.id);
  if (!v) return;
  v.view = view;
  if (view.state === 'SUCCEEDED' && (!state.selected || isLatest(view.id))) state.selected = view.id;
  if (isLatest(view.id)) renderJob(view);
  renderVersions();
}

const isLatest = (jobId) => state.versions.length && state.versions[state.versions.length - 1].jobId === jobId;

function stateText(view) {
  switch (view.state) {
    case 'QUEUED': return view.queuePosition ? `Waiting to start (about ${view.queuePosition} in line)` : 'Waiting to start';
    case 'RUNNING': return `${STAGES[view.stage] || 'Working'} — ${view.progress ?? 0}%`;
    case 'SUCCEEDED': return 'Done — your video is ready';
    case 'FAILED': return 'This video could not be made';
    case 'CANCELED': return 'Canceled — nothing was kept';
    default: return view.state;
  }
}

function renderJob(view) {
  $('progress-empty').hidden = true;
  $('job').hidden = false;
  const st = $('job-state');
  st.dataset.state = view.state;
  st.dataset.jobId = view.id;
  st.textContent = stateText(view);
  const bar = $('job-progress');
  bar.value = view.state === 'SUCCEEDED' ? 100 : (view.progress ?? 0);
  bar.hidden = view.state === 'FAILED' || view.state === 'CANCELED';
  const version = state.versions.findIndex((x) => x.jobId === view.id) + 1;
  const parent = state.versions.findIndex((x) => x.jobId === view.parentJobId) + 1;
  $('job-meta').textContent = `Version ${version} · job ${view.id}${parent ? ` · changes version ${parent}` : ''}`;
  $('cancel').hidden = isDone(view.state);
  $('cancel').disabled = false;

  const i = view.interpretation;
  $('interpretation').hidden = !i;
  if (i) {
    $('interpretation-summary').textContent = i.summary || '';
    $('understood').replaceChildren(...(i.understood || []).map((s) => h('li', {}, s)));
    const notActed = (i.notUnderstood || []).map((s) => s.replace(/^not acted on:\s*/i, ''));
    $('not-understood').replaceChildren(...(notActed.length ? notActed.map((s) => h('li', {}, s)) : [h('li', {}, 'nothing: every word was used')]));
  }
  $('timeline-box').hidden = !view.timeline;
  $('timeline').textContent = view.timeline || '';
  const messages = view.messages || [];
  $('messages-box').hidden = !messages.length;
  $('messages').replaceChildren(...messages.map((m) => h('li', {}, m)));

  if (view.state === 'FAILED') showError({ ...view.error }, 'The video failed');
  $('new-project').hidden = false;
}

// ---------- versions, side by side. Cards are kept and only replaced when their content
// changes, so a version that is playing keeps playing while another one renders.
const cards = new Map(); // jobId -> {sig, el}
function renderVersions() {
  const box = $('versions');
  state.versions.forEach((v, i) => {
    const view = v.view || {};
    const sig = JSON.stringify([view.state, view.stage, view.progress, view.queuePosition, view.result && view.result.videoKey]);
    let c = cards.get(v.jobId);
    if (!c || c.sig !== sig) {
      const el = versionCard(v, i + 1);
      if (c) c.el.replaceWith(el); else box.append(el);
      c = { sig, el };
      cards.set(v.jobId, c);
    }
    c.el.setAttribute('aria-current', String(state.selected === v.jobId));
    const pick = c.el.querySelector('button.pick');
    if (pick) pick.hidden = state.selected === v.jobId;
  });
  for (const [id, c] of cards) {
    if (!state.versions.some((v) => v.jobId === id)) { c.el.remove(); cards.delete(id); }
  }
  $('versions-section').hidden = !state.versions.length;
  const target = refineTarget();
  const n = target ? state.versions.indexOf(target) + 1 : 0;
  $('refine-target').textContent = target ? `version ${n}` : 'a finished version';
  $('refine-submit').disabled = state.busy || !target;
}

function versionCard(v, n) {
  const view = v.view || { state: 'QUEUED' };
  const r = view.result;
  const current = state.selected === v.jobId;
  const media = [];
  if (view.state === 'SUCCEEDED' && r) {
    const isGif = /\.gif$/i.test(r.videoKey || '');
    media.push(isGif
      ? h('img', { class: 'result', src: r.videoUrl, alt: `Version ${n} (animated GIF)` })
      : h('video', { controls: true, playsinline: true, preload: 'metadata', poster: r.posterUrl, src: r.videoUrl, 'aria-label': `Version ${n}` }));
    const ext = (r.videoKey || 'video.mp4').split('.').pop();
    media.push(h('dl', {},
      h('dt', {}, 'Size'), h('dd', { 'data-fact': 'size' }, `${r.width}×${r.height}, ${bytes(r.sizeBytes)}`),
      h('dt', {}, 'Length'), h('dd', { 'data-fact': 'duration' }, `${Number(r.durationSeconds).toFixed(1)} s`),
      h('dt', {}, 'Frame rate'), h('dd', { 'data-fact': 'fps' }, `${Number(r.fps).toFixed(r.fps % 1 ? 2 : 0)} fps`)));
    media.push(h('p', { class: 'links' },
      h('a', { href: r.videoUrl, download: `i2v-${view.id}-v${n}.${ext}`, 'data-link': 'video' }, `Download video (.${ext})`),
      r.posterUrl ? h('a', { href: r.posterUrl, download: `i2v-${view.id}-v${n}-poster.jpg`, 'data-link': 'poster' }, 'Download poster') : null));
  } else if (!isDone(view.state)) {
    media.push(h('p', { class: 'empty' }, stateText(view)));
  } else if (view.state === 'FAILED' && view.error) {
    media.push(h('p', {}, PLAIN[view.error.code] || 'It failed.', ' ', h('code', {}, view.error.code)));
  }
  return h('article', { class: 'version', 'data-job-id': v.jobId, 'data-state': view.state, 'aria-current': current ? 'true' : 'false', 'aria-label': `Version ${n}` },
    h('h3', {}, `Version ${n}`, h('span', { class: 'badge', 'data-state': view.state }, view.state.toLowerCase())),
    h('p', { class: 'said' }, v.prompt ? `“${v.prompt}”` : '(no instruction: the default)'),
    media,
    view.state === 'SUCCEEDED'
      ? h('button', { type: 'button', class: 'secondary pick', hidden: current, onclick: () => { state.selected = v.jobId; renderVersions(); $('refine-prompt').focus(); } }, `Refine version ${n} instead`)
      : null);
}

function refineTarget() {
  const v = state.versions.find((x) => x.jobId === state.selected);
  return v && v.view && v.view.state === 'SUCCEEDED' ? v : null;
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

// ---------- the project survives a reload of this tab
function saveProject() {
  sessionStorage.setItem(PROJECT_STORE, JSON.stringify(state.versions.map(({ jobId, prompt, parentJobId }) => ({ jobId, prompt, parentJobId }))));
}

async function restoreProject() {
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

function wireDrop() {
  const drop = $('drop');
  const over = (on) => (e) => { e.preventDefault(); drop.dataset.over = String(on); };
  drop.addEventListener('dragenter', over(true));
  drop.addEventListener('dragover', over(true));
  drop.addEventListener('dragleave', over(false));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.dataset.over = 'false';
    if (!state.busy && e.dataTransfer && e.dataTransfer.files.length) addFiles(e.dataTransfer.files);
  });
  // a file dropped next to the zone must not replace the page
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());
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
