// `seedlint.showDocumentation`: opens a rule's page, bundled with the extension, in the
// Markdown preview (no network).

import { commands, Uri, type ExtensionContext } from 'vscode';

export function registerShowDocumentation(context: ExtensionContext): void {
  context.subscriptions.push(
    commands.registerCommand('seedlint.showDocumentation', async (ruleName: unknown) => {
      if (typeof ruleName !== 'string' || !/^[a-z0-9-]+$/.test(ruleName)) return;
      const page = Uri.joinPath(context.extensionUri, 'docs', 'rules', `${ruleName}.md`);
      await commands.executeCommand('markdown.showPreview', page);
    }),
  );
}
