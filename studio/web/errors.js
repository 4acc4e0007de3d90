// i2v studio: what each error code means, and how an error is shown.

import { $, h } from './dom.js';

// What each stable error code means for the person in front of the page.
export const PLAIN = {
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

// ---------- errors in plain words, with the code
export function showError(e, context) {
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
