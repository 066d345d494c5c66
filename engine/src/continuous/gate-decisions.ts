import type Database from 'better-sqlite3';
import type { VerdictValue } from './judgement-history';

export interface GateDecision {
  namespace: string;
  name: string;
  checksum: string;
  phase: string;
  verdict: VerdictValue;
  passed: boolean;
  reason: string;
  at: number;
}

export interface GateDecisions {
  /** The first final (go / no-go) decision recorded for this canary revision, if any. */
  final(namespace: string, name: string, checksum: string): GateDecision | null;
  /** Records a decision once per (canary, checksum, verdict); returns whether it was new. */
  record(decision: GateDecision): boolean;
  list(namespace: string, name: string): GateDecision[];
}

/**
 * Decisions of deployment-controller gates (Flagger), append-only in the
 * engine's SQLite file. A final verdict for a revision (`checksum`) is sticky,
 * so retried or repeated webhook calls for the same revision get the same answer.
 */
export function openGateDecisions(db: Database.Database): GateDecisions {
  db.exec(`
    CREATE TABLE IF NOT EXISTS aviary_gate_decisions (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      namespace TEXT NOT NULL, name TEXT NOT NULL, checksum TEXT NOT NULL, phase TEXT NOT NULL,
      verdict TEXT NOT NULL, passed INTEGER NOT NULL, reason TEXT NOT NULL, at INTEGER NOT NULL,
      UNIQUE (namespace, name, checksum, verdict)
    );
    CREATE TRIGGER IF NOT EXISTS aviary_gate_decisions_no_update BEFORE UPDATE ON aviary_gate_decisions
      BEGIN SELECT RAISE(ABORT, 'gate decisions are append-only'); END;
    CREATE TRIGGER IF NOT EXISTS aviary_gate_decisions_no_delete BEFORE DELETE ON aviary_gate_decisions
      BEGIN SELECT RAISE(ABORT, 'gate decisions are append-only'); END;
  `);
  const toDecision = (row: Record<string, unknown>): GateDecision => ({
    namespace: String(row.namespace),
    name: String(row.name),
    checksum: String(row.checksum),
    phase: String(row.phase),
    verdict: row.verdict as VerdictValue,
    passed: row.passed === 1,
    reason: String(row.reason),
    at: Number(row.at),
  });
  const final = db.prepare(
    "SELECT * FROM aviary_gate_decisions WHERE namespace = ? AND name = ? AND checksum = ? AND verdict != 'inconclusive' ORDER BY seq LIMIT 1",
  );
  const insert = db.prepare(
    'INSERT OR IGNORE INTO aviary_gate_decisions (namespace, name, checksum, phase, verdict, passed, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const list = db.prepare('SELECT * FROM aviary_gate_decisions WHERE namespace = ? AND name = ? ORDER BY seq');
  return {
    final(namespace, name, checksum) {
      const row = final.get(namespace, name, checksum) as Record<string, unknown> | undefined;
      return row ? toDecision(row) : null;
    },
    record(d) {
      const info = insert.run(d.namespace, d.name, d.checksum, d.phase, d.verdict, d.passed ? 1 : 0, d.reason, d.at);
      return info.changes > 0;
    },
    list: (namespace, name) => (list.all(namespace, name) as Record<string, unknown>[]).map(toDecision),
  };
}
