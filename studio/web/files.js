// i2v studio: the chosen photos and music, and how each one travels.

import { $, bytes, h } from './dom.js';
import { state } from './state.js';

const INLINE_MAX_FILE = 2 * 1024 * 1024; // larger files go through POST /v1/uploads (presigned PUT)
const INLINE_MAX_TOTAL = 3 * 1024 * 1024; // keeps an inline request well under the function URL's 6 MB
const AUDIO_EXT = /\.(mp3|wav|m4a|aac)$/i;
const PREVIEWABLE = /^image\/(jpeg|png|webp|gif|avif)$/;

// ---------- files
function kindOf(file) {
  return (file.type && file.type.startsWith('audio/')) || AUDIO_EXT.test(file.name) ? 'music' : 'image';
}

export function addFiles(list) {
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

export function removeFile(id, quiet) {
  const i = state.files.findIndex((f) => f.id === id);
  if (i < 0) return;
  const [f] = state.files.splice(i, 1);
  if (f.preview) URL.revokeObjectURL(f.preview);
  if (!quiet) { planUploads(); renderFiles(); $('upload-note').textContent = `${f.file.name} removed.`; }
}

// Small files ride inline in the job request; the rest go to storage first through presigned PUTs.
export function planUploads() {
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

export function renderFiles() {
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

export function setUploadProgress(f, fraction) {
  f.progress = fraction;
  const bar = document.querySelector(`.file[data-name="${CSS.escape(f.file.name)}"] progress`);
  if (bar) bar.value = Math.round(fraction * 100);
}

export function wireDrop() {
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
