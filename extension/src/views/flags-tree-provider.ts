import { resolve } from 'node:path';
import type { FlagReference } from '@aviary/engine/code';
import * as vscode from 'vscode';
import { COMMAND } from '../constants';
import type { FlagCategory, FlagSummary } from '../core/flag-summary';
import { hoverMarkdown, stateText } from '../core/format-status';
import type { FlagQueries } from '../flag-service';

const GROUPS: Array<{ category: FlagCategory; label: string; icon: string }> = [
  { category: 'stale', label: 'Stale', icon: 'warning' },
  { category: 'active', label: 'Active', icon: 'pass' },
  { category: 'unknown', label: 'Unknown', icon: 'question' },
  { category: 'unused-definition', label: 'Unused definitions', icon: 'circle-slash' },
];

export type FlagNode =
  | {
      kind: 'group';
      category: FlagCategory;
      label: string;
      icon: string;
      flags: Array<{ summary: FlagSummary; root: string }>;
    }
  | { kind: 'flag'; summary: FlagSummary; root: string }
  | { kind: 'reference'; reference: FlagReference; root: string };

/** The "Flags" view: stale / active / unknown / unused-definition groups, each flag expanding to its references. */
export class FlagsTreeProvider implements vscode.TreeDataProvider<FlagNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<FlagNode | undefined>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly flags: FlagQueries) {
    this.subscription = flags.onDidChange(() => this.changed.fire(undefined));
  }

  getChildren(node?: FlagNode): FlagNode[] {
    if (!node) {
      const all = this.flags.models().flatMap((m) => m.summaries().map((summary) => ({ summary, root: m.root })));
      return GROUPS.map((g) => ({
        kind: 'group' as const,
        ...g,
        flags: all.filter((f) => f.summary.category === g.category),
      })).filter((g) => g.flags.length > 0);
    }
    if (node.kind === 'group') {
      return [...node.flags]
        .sort((a, b) => a.summary.key.localeCompare(b.summary.key))
        .map((f) => ({ kind: 'flag' as const, ...f }));
    }
    if (node.kind === 'flag') {
      return node.summary.references.map((reference) => ({ kind: 'reference' as const, reference, root: node.root }));
    }
    return [];
  }

  getTreeItem(node: FlagNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = String(node.flags.length);
      item.iconPath = new vscode.ThemeIcon(node.icon);
      item.id = `group:${node.category}`;
      return item;
    }
    if (node.kind === 'flag') {
      const s = node.summary;
      const item = new vscode.TreeItem(
        s.key,
        s.references.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
      );
      const parts = [
        s.definition ? stateText(s.definition) : null,
        `${s.references.length} ${s.references.length === 1 ? 'ref' : 'refs'}`,
      ];
      if (s.stale?.keepValue) parts.unshift(`keep ${s.stale.keepValue}`);
      item.description = parts.filter(Boolean).join(' · ');
      item.tooltip = new vscode.MarkdownString(hoverMarkdown(s));
      item.contextValue = `flag.${s.category}`;
      item.id = `flag:${node.root}:${s.key}`;
      if (s.references.length === 0 && s.definition) {
        item.command = {
          command: COMMAND.openReference,
          title: 'Open definition',
          arguments: [resolve(node.root, s.definition.file), s.definition.line, 1],
        };
      }
      return item;
    }
    const r = node.reference;
    const item = new vscode.TreeItem(`${r.file}:${r.line}`, vscode.TreeItemCollapsibleState.None);
    item.description = r.call;
    item.iconPath = new vscode.ThemeIcon(r.isTest ? 'beaker' : 'symbol-event');
    item.command = {
      command: COMMAND.openReference,
      title: 'Open reference',
      arguments: [resolve(node.root, r.file), r.line, r.column],
    };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
