// seedlint in a real VS Code: scripts/e2e-vscode.sh starts code-server (VS Code 1.139.1) with the
// packaged seedlint.vsix installed and a throw-away copy of examples/ as the workspace, then runs
// this file with mocha. Headless Debian Chromium, driven by playwright-core, opens
// simclr_pretrain.py, finds RNG110 in the Problems panel, applies the quick fix with Ctrl+.,
// saves, and checks that the diagnostic is gone and the file on disk now calls set_epoch.
//
// Not a *.test.ts file: `npm test` does not run it (it needs code-server, see the script).
// Env (set by the script): SEEDLINT_E2E_URL, SEEDLINT_E2E_WORKSPACE, SEEDLINT_E2E_SCREENSHOTS.

import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const URL_BASE = process.env.SEEDLINT_E2E_URL;
const WORKSPACE = process.env.SEEDLINT_E2E_WORKSPACE;
const SCREENSHOTS = process.env.SEEDLINT_E2E_SCREENSHOTS ?? '/tmp/seedlint-e2e';
const FILE = 'simclr_pretrain.py';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
/** Generous: the first extension-host start and server spawn on a loaded 2-core machine. */
const STEP_TIMEOUT = 60000;

describe('seedlint in VS Code (code-server)', function () {
  let browser: Browser | undefined;
  let page: Page;
  const started = Date.now();
  const steps: string[] = [];
  const step = (name: string) => steps.push(`${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s  ${name}`);
  const shot = async (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });

  before(async function () {
    assert.ok(URL_BASE && WORKSPACE, 'run through scripts/e2e-vscode.sh (SEEDLINT_E2E_URL, SEEDLINT_E2E_WORKSPACE)');
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, timeout: 30000 });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(STEP_TIMEOUT);
    step('browser started');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await shot('failure').catch(() => undefined);
  });

  after(async () => {
    await browser?.close();
    console.log(`    steps (seconds since browser launch):\n${steps.map((s) => `      ${s}`).join('\n')}`);
  });

  it('shows RNG110 in the Problems panel, and its quick fix removes it', async () => {
    await page.goto(`${URL_BASE}?folder=${encodeURIComponent(WORKSPACE!)}`);
    await page.locator('.monaco-workbench').waitFor();
    step('workbench loaded');

    // Open the file from the explorer (the workspace is examples/, so it is a top-level row).
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: FILE }).click();
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-lines', { hasText: 'DistributedSampler' }).waitFor();
    step(`${FILE} open`);

    // The Problems panel lists the diagnostic (the extension activates on Python files).
    await page.keyboard.press('Control+Shift+M');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'RNG110' });
    await problem.waitFor();
    const row = (await problem.innerText()).replace(/\s+/g, ' ');
    step(`Problems panel: ${row}`);
    assert.match(row, /`sampler` never gets `set_epoch`, so every epoch has the same order/);
    assert.match(row, /seedlint/);
    assert.match(row, /\[Ln 24, Col 15\]/);
    await shot('1-problems');

    // Put the cursor inside the flagged call (its token span on line 24); Ctrl+. lists the
    // code actions there.
    const flagged = editor.locator('.view-line', { hasText: 'sampler = data.distributed.DistributedSampler(' });
    await flagged.locator('span span', { hasText: 'DistributedSampler' }).click();
    await page.keyboard.press('Control+.');
    const menu = page.locator('.action-widget', { hasText: 'Quick Fix' });
    const fix = menu.locator('.monaco-list-row', { hasText: 'set_epoch' }).first();
    await fix.waitFor();
    const actions = (await menu.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    step(`code actions: ${actions.join(' | ')}`);
    await shot('2-quick-fix-menu');
    await fix.click();
    step('quick fix applied');

    // The diagnostic goes away once the server has linted the edited text.
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'RNG110' }).waitFor({ state: 'detached' });
    step('RNG110 gone from the Problems panel');
    // Save, and wait for the file on disk to change (the remote write finishes after the tab
    // stops looking dirty, so the tab is no signal).
    const original = readFileSync(join(WORKSPACE!, FILE), 'utf8');
    await page.keyboard.press('Control+S');
    const saved = await changedOnDisk(join(WORKSPACE!, FILE), original);
    step('saved');
    await shot('3-fixed');
    // The fix's documented edit: set_epoch first thing in the epoch loop (not a suppression).
    assert.match(saved, /for epoch in range\(epochs\):\n {8}loader\.sampler\.set_epoch\(epoch\)\n/, `set_epoch at the top of the epoch loop:\n${saved}`);
    assert.doesNotMatch(saved, /seedlint: ?ignore|noqa/, 'the fix, not a suppression');
    const changed = saved.split('\n').filter((line) => /set_epoch\(/.test(line)).map((line) => line.trim());
    step(`saved file: ${changed.join(' / ')}`);
  });
});

/** The new text of `path` once it differs from `before` and two reads 200 ms apart agree. */
async function changedOnDisk(path: string, before: string): Promise<string> {
  const deadline = Date.now() + STEP_TIMEOUT;
  let last = before;
  for (;;) {
    await new Promise((wake) => setTimeout(wake, 200));
    const now = readFileSync(path, 'utf8');
    if (now !== before && now === last) return now;
    last = now;
    assert.ok(Date.now() < deadline, `${path} was not saved within ${STEP_TIMEOUT / 1000} s`);
  }
}
