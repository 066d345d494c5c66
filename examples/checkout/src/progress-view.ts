import type { Verdict, VerdictResult } from './verdict-runner';

export interface ScenarioState {
  title: string;
  label: string;
  expected: Verdict;
  verdict?: Verdict;
  /** Set once the verdict is final for the demo (decided, or time is up). */
  final: boolean;
  summary: string;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string): string => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);
export const bold = (text: string): string => paint(1, text);
export const dim = (text: string): string => paint(2, text);
const ANSI_SGR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const visibleLength = (text: string): number => text.replace(ANSI_SGR, '').length;

/** A verdict word in its colour: go green, no-go red, inconclusive yellow. */
export function verdictWord(verdict: Verdict | undefined): string {
  if (verdict === undefined) return dim('waiting');
  const color = verdict === 'go' ? 32 : verdict === 'no-go' ? 31 : 33;
  return paint(color, verdict);
}

function percent(value: number): string {
  return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;
}

/** One line per metric effect, e.g. `latency-p99 +84.2%`, for the progress view. */
export function summarize(result: Pick<VerdictResult, 'metrics'>): string {
  const parts = result.metrics.map((m) => {
    const rel = m.effect?.relative;
    const abs = m.effect?.absolute;
    // Not judged yet (too few samples, or no events so far): say which, rather than a bare "?".
    const effect =
      typeof rel === 'number' ? percent(rel) : typeof abs === 'number' ? abs.toPrecision(3) : m.classification;
    return `${m.name} ${effect}${m.harm && m.harm !== 'undecided' ? ` ${m.harm}` : ''}`;
  });
  const n = result.metrics[0]?.n;
  const samples = n ? `n ${n.baseline ?? '?'}/${n.canary ?? '?'}  ` : '';
  return `${samples}${parts.join(' · ')}`;
}

/**
 * Shows the scenarios as their verdicts form. On a TTY the block of lines is
 * redrawn in place with a spinner; elsewhere (CI logs) a line is printed only
 * when a scenario's verdict changes.
 */
export class ProgressView {
  private frame = 0;
  private drawn = 0;
  private readonly last = new Map<number, string>();
  private readonly tty = Boolean(process.stdout.isTTY);

  constructor(
    private readonly states: ScenarioState[],
    private readonly out: NodeJS.WriteStream = process.stdout,
  ) {}

  render(status: string): void {
    this.frame++;
    if (!this.tty) {
      this.states.forEach((s, i) => {
        const key = `${s.verdict ?? ''}${s.final}`;
        if (s.verdict !== undefined && this.last.get(i) !== key) {
          this.last.set(i, key);
          this.out.write(`  ${s.final ? 'decided ' : 'so far  '} ${s.title}: ${s.verdict}  (${s.summary})\n`);
        }
      });
      return;
    }
    const width = this.out.columns || 120;
    const lines = this.states.map((s) => {
      const mark = s.final ? (s.verdict === s.expected ? paint(32, '✔') : paint(31, '✘')) : SPINNER[this.frame % 10];
      const verdict = verdictWord(s.verdict) + ' '.repeat(Math.max(0, 13 - (s.verdict ?? 'waiting').length));
      const head = `  ${mark} ${s.title.padEnd(20)} ${s.label.padEnd(30)} ${verdict}`;
      // Lines must not wrap, or the redraw climbs too few lines.
      const room = width - 1 - visibleLength(head);
      return room > 0 ? `${head}${dim(s.summary.slice(0, room))}` : head;
    });
    lines.push(dim(`  ${status}`));
    if (this.drawn > 0) this.out.write(`\x1b[${this.drawn}F`);
    for (const line of lines) this.out.write(`\x1b[2K${line}\n`);
    this.drawn = lines.length;
  }
}
