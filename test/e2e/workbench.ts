// Steps on the VS Code workbench (code-server in Chromium) through playwright-core. The UI
// settles at its own pace, so every step is retried until a deadline; nothing here asserts
// how long anything takes.
import * as fs from 'fs';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';

export const CHROMIUM = process.env.KLL_E2E_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Runs `step` until it returns without throwing, or rethrows its last error after `ms`. */
export async function retry<T>(what: string, ms: number, step: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      const msg = last instanceof Error ? last.message : String(last);
      throw new Error(`${what}: still failing after ${attempt} attempts: ${msg}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Monaco renders spaces as U+00A0; tests compare with the file's own text. */
export function normalizeSpaces(s: string): string {
  return s.replace(/\u00a0/g, ' ');
}

export class Workbench {
  constructor(
    readonly page: Page,
    private readonly artifacts: string,
  ) {
    fs.mkdirSync(artifacts, { recursive: true });
  }

  /** retry() that leaves a screenshot of the screen as it was when the step last failed. */
  async step<T>(what: string, ms: number, body: () => Promise<T>): Promise<T> {
    try {
      return await retry(what, ms, body);
    } catch (e) {
      await this.screenshot(`failed-${what.replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
      throw e;
    }
  }

  async screenshot(name: string): Promise<string> {
    const file = path.join(this.artifacts, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  async waitForWorkbench(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 90_000 });
    // The explorer lists the folder once the remote file system answers.
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 90_000 });
  }

  get editorLines(): Locator {
    return this.page.locator('.editor-instance .monaco-editor .view-lines').first();
  }

  async editorText(): Promise<string> {
    return normalizeSpaces(await this.editorLines.innerText());
  }

  /** Opens `name` by Quick Open; waits for `expectText` in view, or (without it) for an editor. */
  async openFile(name: string, expectText?: string): Promise<void> {
    await retry(`open ${name}`, 60_000, async () => {
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('Control+P');
      const input = this.page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill(name);
      await this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: 5000 });
      await this.page.keyboard.press('Enter');
      if (expectText === undefined) await this.editorLines.waitFor({ state: 'visible', timeout: 10_000 });
      else await this.page.locator('.editor-instance .view-lines', { hasText: expectText }).first().waitFor({ state: 'visible', timeout: 10_000 });
    });
  }

  /** Runs a command by its title from the command palette. */
  async runCommand(title: string): Promise<void> {
    await retry(`run command ${title}`, 30_000, async () => {
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('Control+Shift+P');
      const input = this.page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill(`>${title}`);
      const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
      await row.waitFor({ state: 'visible', timeout: 5000 });
      await this.page.keyboard.press('Enter');
      await input.waitFor({ state: 'hidden', timeout: 5000 });
    });
  }

  /**
   * Focuses the active editor by keyboard (View: Focus First Editor Group): a click on the
   * text can land on a CodeLens, or under the breadcrumbs when the editor is scrolled.
   */
  async focusEditor(): Promise<void> {
    await this.page.keyboard.press('Control+1');
  }

  /** The text of the status bar entry "Ln X, Col Y". */
  async cursorPosition(): Promise<string> {
    const item = this.page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ }).first();
    return (await item.innerText()).trim();
  }

  async statusBarItem(text: RegExp): Promise<string> {
    const item = this.page.locator('.statusbar-item', { hasText: text }).first();
    await item.waitFor({ state: 'visible', timeout: 5000 });
    return normalizeSpaces((await item.innerText()).trim());
  }
}
