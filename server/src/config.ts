// `[tool.seedlint]` in pyproject.toml -> settings. Pure: the host reads the file.

import { parse, TomlError } from 'smol-toml';
import { parseSettings, SettingsError, type Settings } from './settings';

/** The settings in a pyproject.toml's `[tool.seedlint]`, or undefined when it has none. */
export function settingsFromPyproject(text: string, origin: string): Partial<Settings> | undefined {
  let document: Record<string, unknown>;
  try {
    document = parse(text) as Record<string, unknown>;
  } catch (error) {
    const where = error instanceof TomlError ? ` (line ${error.line}, column ${error.column})` : '';
    throw new SettingsError(`${origin}: invalid TOML${where}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  const tool = document['tool'];
  const table = tool && typeof tool === 'object' ? (tool as Record<string, unknown>)['seedlint'] : undefined;
  if (table === undefined) return undefined;
  if (typeof table !== 'object' || table === null || Array.isArray(table)) throw new SettingsError(`${origin}: [tool.seedlint] must be a table`);
  return parseSettings(table as Record<string, unknown>, 'toml', `${origin} [tool.seedlint]`);
}
