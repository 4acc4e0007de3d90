// i2v studio: the running job and the versions, as the page shows them.

import { $, bytes, h } from './dom.js';
import { PLAIN, showError } from './errors.js';
import { isDone, refineTarget, state } from './state.js';

const STAGES = {
  preparing: 'Preparing the photos',
  uploading: 'Sending to the video service',
  generating: 'Generating',
  exporting: 'Exporting',
  rendering: 'Rendering the frames',
  storing: 'Saving the video',
};

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

export function renderJob(view) {
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
export function renderVersions() {
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
