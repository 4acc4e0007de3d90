// The studio end to end in headless Chromium against a running i2v (local stack): key dialog,
// drop a photo, submit, watch it render, play the video, refine into a second version, cancel a
// job whose photo went through a presigned upload, and see an error in plain words. Screenshots
// of each state at desktop and phone width go to $STUDIO_OUT.
//
//   STUDIO_URL=http://127.0.0.1:8080/ [STUDIO_API_KEY=…] [STUDIO_SAMPLE=../samples/ladybird.jpg]
//   [STUDIO_OUT=target/studio] [CHROMIUM=/usr/bin/chromium] node test/studio.e2e.mjs
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bigPng } from './png.mjs';
import { toneWav } from './wav.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const url = process.env.STUDIO_URL;
const apiKey = process.env.STUDIO_API_KEY || '';
const sample = resolve(process.env.STUDIO_SAMPLE || join(here, '../../samples/ladybird.jpg'));
const out = resolve(process.env.STUDIO_OUT || join(here, '../target'));
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const JOB_WAIT = 180_000;

if (!url) fail('STUDIO_URL is not set (the address of a running i2v, e.g. http://127.0.0.1:8080/)');
if (!existsSync(executablePath)) fail(`no browser at ${executablePath}: install Debian's chromium (apt-get install -y chromium)`);
mkdirSync(out, { recursive: true });

let passed = 0;
const summary = { url, screenshots: [] };
function fail(message) {
  console.error(`studio e2e: ${message}`);
  process.exit(2);
}
function check(condition, message) {
  if (!condition) throw new Error(message);
}
async function step(name, fn) {
  const t = Date.now();
  try {
    await fn();
  } catch (e) {
    console.log(`not ok - ${name}: ${e.message}`);
    throw e;
  }
  passed++;
  console.log(`ok - ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
}

const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
const page = await context.newPage();
const pageErrors = [];
const foreign = [];
const origin = new URL(url).origin;
page.on('pageerror', (e) => pageErrors.push(e.message));
// Playwright turns file-chooser interception on when the first 'filechooser' listener is added, without waiting
// for the browser to confirm; a listener added only at the click can lose that race on a loaded machine (the
// native dialog opens unseen). Listening from the start makes the later waitForEvent reliable.
const choosers = [];
page.on('filechooser', (c) => choosers.push(c));
page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`); });
const failedLoads = [];
page.on('response', (r) => { if (r.status() >= 400) failedLoads.push(`${r.status()} ${r.request().method()} ${r.url()}`); });
page.on('request', (r) => {
  const u = new URL(r.url());
  if (!['127.0.0.1', 'localhost'].includes(u.hostname) && !u.protocol.startsWith('blob') && !u.protocol.startsWith('data')) foreign.push(r.url());
});

// Desktop: the whole page. Phone: one screenful, scrolled to the part that matters (`at`).
async function shot(name, viewport = DESKTOP, at) {
  await page.setViewportSize(viewport);
  if (at) await page.locator(at).first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(150);
  const file = join(out, `${name}.png`);
  await page.screenshot({ path: file, fullPage: !at });
  summary.screenshots.push(file);
  if (viewport !== DESKTOP) {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `${name}: the page is ${overflow}px wider than a ${viewport.width}px screen`);
    await page.setViewportSize(DESKTOP);
  }
}

// Drops files on the drop zone the way a browser does: a DataTransfer with File objects.
async function drop(files) {
  const payload = files.map((f) => ({ name: f.name, type: f.type, data: f.bytes.toString('base64') }));
  await page.evaluate((items) => {
    const dt = new DataTransfer();
    for (const it of items) {
      const bin = Uint8Array.from(atob(it.data), (c) => c.charCodeAt(0));
      dt.items.add(new File([bin], it.name, { type: it.type }));
    }
    const zone = document.getElementById('drop');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    }
  }, payload);
}

async function waitState(jobState, predicate = 'true') {
  await page.waitForFunction(([s, p]) => {
    const el = document.getElementById('job-state');
    return el && el.dataset.state === s && Function('el', `return ${p}`)(el);
  }, [jobState, predicate], { timeout: JOB_WAIT, polling: 200 });
}

async function videoOf(card) {
  const v = page.locator(`article.version[data-job-id="${card}"] video`);
  await v.waitFor({ timeout: 30_000 });
  await page.waitForFunction((id) => {
    const el = document.querySelector(`article.version[data-job-id="${id}"] video`);
    return el && el.readyState >= 2 && Number.isFinite(el.duration) && el.duration > 0;
  }, card, { timeout: 60_000 });
  return v;
}

try {
  await step('the page loads from the service, and asks for the API key when keys are on', async () => {
    await page.goto(url);
    if (apiKey) {
      const dialog = page.locator('#key-dialog');
      await dialog.waitFor({ state: 'visible', timeout: 15_000 });
      await shot('01-api-key');
      await page.locator('#api-key').fill(apiKey);
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'hidden' });
      // the page stores the key in the dialog's close event, a task queued after the dialog hides
      const stored = await page.waitForFunction((k) => sessionStorage.getItem('i2v.apiKey') === k, apiKey,
        { timeout: 5_000 }).then(() => true, () => false);
      check(stored, 'key not in session storage');
      check(await page.evaluate(() => localStorage.length) === 0, 'something was written to local storage');
    }
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    await page.locator('#error').waitFor({ state: 'hidden' });
    await shot('02-empty');
  });

  await step('every control has a label and the suggestions and options work from the keyboard', async () => {
    const unlabeled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim())
      .map((el) => el.id || el.outerHTML.slice(0, 60)));
    check(unlabeled.length === 0, `unlabeled controls: ${unlabeled.join(', ')}`);
    await page.locator('#prompt-chips .chip').first().focus();
    await page.keyboard.press('Enter');
    const prompt = await page.locator('#prompt').inputValue();
    check(prompt === 'animate this image into a 10-second cinematic video with smooth motion', `chip gave "${prompt}"`);
    // quick to render in CI: 3 s at 720p; the structured options override the words
    await page.locator('#prompt').fill('a 3-second 720p video, slow push in on the ladybird, sparkle');
    await page.locator('#opt-duration').fill('3');
    await page.locator('#opt-aspect').selectOption('16:9');
    await page.locator('#opt-motion').selectOption('push in');
    await page.locator('#opt-format').selectOption('mp4');
    await page.locator('#opt-depth').selectOption('auto');
  });

  let v1;
  await step('a dropped photo and music are sent inline, the job runs with live state, stage and progress', async () => {
    await drop([{ name: basename(sample), type: 'image/jpeg', bytes: readFileSync(sample) },
      { name: 'tone.wav', type: 'audio/wav', bytes: toneWav(2) }]);
    const items = page.locator('#file-list li');
    await items.nth(1).waitFor();
    check(await items.nth(0).getAttribute('data-mode') === 'inline', 'the small sample should go inline');
    check(/Music/.test(await items.nth(1).textContent()), 'the WAV should be listed as music');
    await shot('03-ready');
    await page.locator('#submit').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => ['QUEUED', 'RUNNING'].includes(document.getElementById('job-state').dataset.state)
      || document.getElementById('job-state').dataset.state === 'SUCCEEDED', null, { timeout: 30_000 });
    v1 = await page.locator('#job-state').getAttribute('data-job-id');
    summary.version1 = v1;
    const seen = new Set();
    const t0 = Date.now();
    while (Date.now() - t0 < JOB_WAIT) {
      const s = await page.locator('#job-state').getAttribute('data-state');
      const text = await page.locator('#job-state').textContent();
      if (s === 'RUNNING' && !seen.has('running-shot')) { seen.add('running-shot'); await shot('04-running'); }
      seen.add(`${s}:${text.replace(/ — \d+%$/, '')}`);
      if (['SUCCEEDED', 'FAILED', 'CANCELED'].includes(s)) break;
      await page.waitForTimeout(150);
    }
    summary.statesSeen = [...seen].filter((x) => !x.endsWith('-shot'));
    console.log(`   states seen: ${summary.statesSeen.join(' | ')}`);
    check(await page.locator('#job-state').getAttribute('data-state') === 'SUCCEEDED',
      `job ended ${await page.locator('#job-state').textContent()}: ${await page.locator('#error').textContent()}`);
    check(summary.statesSeen.some((x) => x.startsWith('RUNNING:')), 'never saw the job running');
  });

  await step('the interpretation, timeline and messages are shown', async () => {
    const understood = await page.locator('#understood li').allTextContents();
    const notActed = await page.locator('#not-understood li').allTextContents();
    const timeline = await page.locator('#timeline').textContent();
    console.log(`   understood: ${understood.join('; ')}\n   not acted on: ${notActed.join('; ')}\n   timeline: ${timeline}`);
    check(understood.length > 0, 'nothing listed as understood');
    check(notActed.some((x) => /sparkle/.test(x)), '"sparkle" should be listed as not acted on');
    check(/Timeline/.test(timeline) && /ladybird\.jpg/.test(timeline) && /BGM: tone\.wav/.test(timeline), `timeline: ${timeline}`);
  });

  await step('the result plays in a <video> with its poster; downloads, size, length and fps are shown', async () => {
    const video = await videoOf(v1);
    const info = await video.evaluate(async (el) => {
      el.muted = true;
      await el.play();
      await new Promise((r) => setTimeout(r, 800));
      return { duration: el.duration, time: el.currentTime, w: el.videoWidth, h: el.videoHeight, poster: el.poster, src: el.currentSrc };
    });
    console.log(`   video: ${info.w}x${info.h}, ${info.duration.toFixed(2)} s, played to ${info.time.toFixed(2)} s`);
    check(Math.abs(info.duration - 3) < 0.2, `duration ${info.duration}`);
    check(info.time > 0.2, 'the video did not play');
    check(info.w === 1280 && info.h === 720, `size ${info.w}x${info.h}`);
    check(info.poster.startsWith('http'), 'no poster');
    const card = page.locator(`article.version[data-job-id="${v1}"]`);
    const facts = await card.locator('dd').allTextContents();
    check(/1280×720/.test(facts[0]) && /3\.0 s/.test(facts[1]) && /30 fps/.test(facts[2]), `facts: ${facts}`);
    const href = await card.locator('a[data-link="video"]').getAttribute('href');
    const mp4 = Buffer.from(await (await fetch(href)).arrayBuffer());
    check(mp4.subarray(4, 8).toString('latin1') === 'ftyp', 'the video download is not an MP4');
    const poster = await (await fetch(await card.locator('a[data-link="poster"]').getAttribute('href'))).arrayBuffer();
    check(new Uint8Array(poster)[0] === 0xff && new Uint8Array(poster)[1] === 0xd8, 'the poster download is not a JPEG');
    summary.version1Bytes = mp4.length;
    await video.evaluate((el) => { el.pause(); el.currentTime = 1.5; });
    await page.waitForTimeout(300);
    await shot('05-succeeded');
    await shot('05-succeeded-phone', PHONE, '#progress');
    await shot('05-succeeded-phone-video', PHONE, '#versions-section');
  });

  let v2;
  await step('a refine posts an edit and the second version appears beside the first', async () => {
    await page.locator('#refine-chips .chip', { hasText: 'make it vertical' }).click();
    check(await page.locator('#refine-prompt').inputValue() === 'make it vertical', 'refine chip did not fill the box');
    await page.locator('#refine-prompt').fill('slower, make it vertical');
    await page.locator('#refine-submit').click();
    await page.waitForFunction((first) => {
      const el = document.getElementById('job-state');
      return el.dataset.jobId && el.dataset.jobId !== first;
    }, v1, { timeout: 30_000 });
    v2 = await page.locator('#job-state').getAttribute('data-job-id');
    summary.version2 = v2;
    await waitState('SUCCEEDED');
    const video = await videoOf(v2);
    const size = await video.evaluate((el) => [el.videoWidth, el.videoHeight]);
    check(size[0] < size[1], `version 2 is not vertical: ${size}`);
    check(await page.locator('article.version').count() === 2, 'expected two versions');
    const boxes = await page.locator('article.version').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
    check(Math.abs(boxes[0] - boxes[1]) < 2, 'versions are not side by side at desktop width');
    check(await page.locator('#job-meta').textContent().then((t) => /changes version 1/.test(t)), 'version 2 does not name its parent');
    await (await videoOf(v1)).evaluate((el) => { el.currentTime = 1.5; });
    await video.evaluate((el) => { el.currentTime = 2.5; });
    await page.waitForTimeout(300);
    await shot('06-two-versions');
    await shot('06-two-versions-phone', PHONE, '#versions-section');
  });

  await step('a reload keeps the key and the project: no second key prompt, both versions back', async () => {
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    check(await page.locator('#key-dialog').isHidden(), 'the key was asked for again');
    check(await page.locator('article.version[data-state="SUCCEEDED"]').count() === 2, 'versions not restored');
    await videoOf(v2);
  });

  await step('a big photo goes through a presigned upload with progress, and its job can be canceled', async () => {
    await page.locator('#new-project').click();
    check(await page.locator('article.version').count() === 0, 'new project kept the old versions');
    const big = join(out, 'big-meadow.png');
    writeFileSync(big, bigPng());
    // chosen from the keyboard: the "Choose files…" button opens the file chooser
    await page.locator('#pick').focus();
    const seen = choosers.length;
    await page.keyboard.press('Enter');
    const deadline = Date.now() + 30_000;
    while (choosers.length === seen && Date.now() < deadline) await page.waitForTimeout(100);
    check(choosers.length > seen, 'Enter on "Choose files…" did not open the file chooser');
    await choosers[choosers.length - 1].setFiles(big);
    const item = page.locator('#file-list li');
    check(await item.getAttribute('data-mode') === 'upload', 'a 4.8 MB photo should be uploaded, not inline');
    await page.locator('#prompt').fill('a 40-second 1080p video, slow pan right');
    await page.locator('#opt-duration').fill('');
    await page.locator('#submit').click();
    await page.waitForFunction(() => ['QUEUED', 'RUNNING'].includes(document.getElementById('job-state').dataset.state),
      null, { timeout: 30_000 });
    check(await item.locator('progress').evaluate((p) => p.value) === 100, 'upload progress did not reach 100%');
    summary.canceled = await page.locator('#job-state').getAttribute('data-job-id');
    await page.locator('#cancel').click();
    await waitState('CANCELED');
    check(await page.locator('#cancel').isHidden(), 'cancel button still shown');
    await shot('07-canceled');
  });

  await step('a file that is not a picture is refused with the code and a plain explanation', async () => {
    await page.locator('#new-project').click();
    await drop([{ name: 'notes.jpg', type: 'image/jpeg', bytes: Buffer.from('these are meeting notes, not a photo\n'.repeat(20)) }]);
    await page.locator('#prompt').fill('make a video');
    await page.locator('#submit').click();
    const error = page.locator('#error');
    await error.waitFor({ state: 'visible', timeout: 30_000 });
    const text = await error.textContent();
    console.log(`   error shown: ${text}`);
    check(/not a picture/.test(text) && /unsupported_format/.test(text) && /HTTP 415/.test(text), `error text: ${text}`);
    check(await page.evaluate(() => document.activeElement.id) === 'error', 'the error did not take focus');
    await shot('08-error');
    await shot('08-error-phone', PHONE, '#progress');
    await shot('08-form-phone', PHONE, '#create');
  });

  await step('nothing was loaded from outside this machine and the page logged no errors', async () => {
    check(foreign.length === 0, `requests to other hosts: ${foreign.join(', ')}`);
    // the API's own refusals (401 before the key, 415 for the text file, 501: no credits locally) are expected
    const unexpected = failedLoads.filter((l) => !/^(401 GET .*\/v1\/credits|501 GET .*\/v1\/credits|415 POST .*\/v1\/jobs)$/.test(l));
    check(unexpected.length === 0, `failed loads: ${unexpected.join(' | ')}`);
    const real = pageErrors.filter((e) => !/Failed to load resource: the server responded with a status of (401|415|501)/.test(e));
    check(real.length === 0, `page errors: ${real.join(' | ')}`);
  });
} catch (e) {
  summary.error = e.message;
  try { await page.screenshot({ path: join(out, 'failure.png'), fullPage: true }); } catch { /* closing anyway */ }
} finally {
  writeFileSync(join(out, 'summary.json'), JSON.stringify(summary, null, 2));
  await browser.close();
}
console.log(`${passed} passed, ${summary.error ? 1 : 0} failed`);
process.exit(summary.error ? 1 : 0);
