// Output formats of `seedlint check`: text (with code frames), json, sarif (2.1.0) and github
// (workflow commands). Lines and columns are 1-based everywhere; columns count UTF-16 units.

import type * as Sarif from 'sarif';
import type { Finding, Rule, TextEdit } from '../rules/rule';
import { docsUrl } from '../rules/rule';

export interface FileResult {
  /** As shown to the user (relative to the working directory when inside it). */
  path: string;
  text: string;
  findings: Finding[];
}

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

function codeFrame(text: string, finding: Finding): string {
  const lines = text.split('\n');
  const { start, end } = finding.range;
  const lineText = (lines[start.line] ?? '').replace(/\r$/, '');
  const number = String(start.line + 1);
  const gutter = ' '.repeat(number.length);
  const width = Math.max(1, (end.line === start.line ? end.character : lineText.length) - start.character);
  const caret = ' '.repeat(start.character) + '^'.repeat(width);
  const notes = (finding.related ?? []).map((r) => `${gutter} = note: ${r.path ? `${r.path} ` : ''}line ${r.range.start.line + 1}: ${r.message}\n`).join('');
  const help = finding.fix ? `${gutter} = help: ${finding.fix.title}\n` : '';
  return `${gutter} |\n${number} | ${lineText}\n${gutter} | ${caret}\n${notes}${help}`;
}

export function formatText(results: readonly FileResult[]): string {
  return results
    .flatMap((r) => r.findings.map((f) => `${r.path}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.code} ${f.message}\n${codeFrame(r.text, f)}\n`))
    .join('');
}

function jsonEdit(edit: TextEdit) {
  return {
    line: edit.range.start.line + 1,
    column: edit.range.start.character + 1,
    end_line: edit.range.end.line + 1,
    end_column: edit.range.end.character + 1,
    new_text: edit.newText,
  };
}

export function formatJson(results: readonly FileResult[]): string {
  const items = results.flatMap((r) =>
    r.findings.map((f) => ({
      path: r.path,
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      end_line: f.range.end.line + 1,
      end_column: f.range.end.character + 1,
      code: f.code,
      name: f.name,
      severity: f.severity,
      message: f.message,
      fix: f.fix ? { applicability: f.fix.applicability, title: f.fix.title, edits: f.fix.edits.map(jsonEdit) } : null,
    })),
  );
  return `${JSON.stringify(items, null, 2)}\n`;
}

const SARIF_LEVEL: Record<Finding['severity'], Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

function sarifRegion(range: Finding['range']): Sarif.Region {
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

export function formatSarif(results: readonly FileResult[], rules: readonly Rule[], version: string): string {
  const index = new Map(rules.map((r, i) => [r.code, i]));
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'seedlint',
            version,
            informationUri: 'https://github.com/seedlint/seedlint',
            rules: rules.map((r) => ({
              id: r.code,
              name: r.name,
              shortDescription: { text: r.name.replace(/-/g, ' ') },
              helpUri: docsUrl(r),
              help: { text: r.docs, markdown: r.docs },
              defaultConfiguration: { level: SARIF_LEVEL[r.severity], enabled: r.defaultEnabled !== false },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: results.flatMap((r) =>
          r.findings.map((f): Sarif.Result => {
            const result: Sarif.Result = {
              ruleId: f.code,
              level: SARIF_LEVEL[f.severity],
              message: { text: f.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: r.path.split('\\').join('/') }, region: sarifRegion(f.range) } }],
            };
            const ruleIndex = index.get(f.code);
            if (ruleIndex !== undefined) result.ruleIndex = ruleIndex;
            if (f.fix) {
              result.fixes = [
                {
                  description: { text: f.fix.title },
                  artifactChanges: [
                    {
                      artifactLocation: { uri: r.path.split('\\').join('/') },
                      replacements: f.fix.edits.map((e) => ({ deletedRegion: sarifRegion(e.range), insertedContent: { text: e.newText } })),
                    },
                  ],
                },
              ];
            }
            return result;
          }),
        ),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithub(results: readonly FileResult[]): string {
  return results
    .flatMap((r) =>
      r.findings.map((f) => {
        const command = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
        const { start, end } = f.range;
        const props = [
          `file=${escapeProperty(r.path)}`,
          `line=${start.line + 1}`,
          `col=${start.character + 1}`,
          `endLine=${end.line + 1}`,
          `endColumn=${end.character + 1}`,
          `title=${escapeProperty(`${f.code} ${f.name}`)}`,
        ];
        return `::${command} ${props.join(',')}::${escapeData(`${f.code} ${f.message}`)}\n`;
      }),
    )
    .join('');
}

export function formatStatistics(results: readonly FileResult[]): string {
  const counts = new Map<string, { name: string; count: number; fixable: number }>();
  for (const f of results.flatMap((r) => r.findings)) {
    const entry = counts.get(f.code) ?? { name: f.name, count: 0, fixable: 0 };
    entry.count++;
    if (f.fix) entry.fixable++;
    counts.set(f.code, entry);
  }
  const rows = [...counts.entries()].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]));
  const width = Math.max(1, ...rows.map(([, e]) => String(e.count).length));
  return rows.map(([code, e]) => `${String(e.count).padStart(width)}  ${code}  ${e.name}${e.fixable ? `  (${e.fixable} fixable)` : ''}\n`).join('');
}
