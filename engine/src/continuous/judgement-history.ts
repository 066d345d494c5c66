import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

export type VerdictValue = 'go' | 'no-go' | 'inconclusive';

/** One recorded judgement: the audit log of release decisions. */
export interface JudgementRecord {
  seq: number;
  analysisId: string;
  /** When it was judged (Unix ms). */
  at: number;
  window: { from: number; to: number };
  verdict: VerdictValue;
  reason: string;
  /** Whether the verdict differs from the analysis's previous judgement. */
  changed: boolean;
  /** The canary cohort's release and flag, for history per release / per flag. */
  release: string | null;
  flag: string | null;
  /** The full verdict (per-metric results). */
  result: unknown;
  /** SHA-256 over the inputs (definition, window, measurements). */
  inputDigest: string;
  /** SHA-256 chaining this record to the previous one, so edits to the log are detectable. */
  hash: string;
}

export interface StoredAnalysis {
  id: string;
  origin: 'file' | 'api';
  declared: Record<string, unknown>;
  /** The full input (secrets included) for restoring API analyses after a restart. */
  input: unknown;
  createdAt: number;
  deletedAt: number | null;
}

export interface JudgementHistory {
  append(entry: Omit<JudgementRecord, 'seq' | 'hash' | 'changed'>): JudgementRecord;
  list(analysisId: string, options?: { limit?: number; afterSeq?: number }): JudgementRecord[];
  latest(analysisId: string): JudgementRecord | null;
  byCohort(filter: { release?: string; flag?: string }, limit?: number): JudgementRecord[];
  /** Re-computes the hash chain; returns the first broken `seq`, or null when intact. */
  verifyChain(): number | null;
  saveAnalysis(analysis: Omit<StoredAnalysis, 'deletedAt'>): void;
  deleteAnalysis(id: string, at: number): boolean;
  analyses(origin?: 'file' | 'api'): StoredAnalysis[];
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS aviary_analyses (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  declared TEXT NOT NULL,
  input TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  deleted_at INTEGER
);
CREATE TABLE IF NOT EXISTS aviary_judgements (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  analysis_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  window_from INTEGER NOT NULL,
  window_to INTEGER NOT NULL,
  verdict TEXT NOT NULL,
  reason TEXT NOT NULL,
  changed INTEGER NOT NULL,
  release TEXT,
  flag TEXT,
  result TEXT NOT NULL,
  input_digest TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS aviary_judgements_by_analysis ON aviary_judgements (analysis_id, seq);
CREATE INDEX IF NOT EXISTS aviary_judgements_by_release ON aviary_judgements (release, seq);
CREATE INDEX IF NOT EXISTS aviary_judgements_by_flag ON aviary_judgements (flag, seq);
CREATE TRIGGER IF NOT EXISTS aviary_judgements_no_update BEFORE UPDATE ON aviary_judgements
  BEGIN SELECT RAISE(ABORT, 'the judgement history is append-only'); END;
CREATE TRIGGER IF NOT EXISTS aviary_judgements_no_delete BEFORE DELETE ON aviary_judgements
  BEGIN SELECT RAISE(ABORT, 'the judgement history is append-only'); END;
`;

interface Row {
  seq: number;
  analysis_id: string;
  at: number;
  window_from: number;
  window_to: number;
  verdict: VerdictValue;
  reason: string;
  changed: number;
  release: string | null;
  flag: string | null;
  result: string;
  input_digest: string;
  hash: string;
}

function fromRow(row: Row): JudgementRecord {
  return {
    seq: row.seq,
    analysisId: row.analysis_id,
    at: row.at,
    window: { from: row.window_from, to: row.window_to },
    verdict: row.verdict,
    reason: row.reason,
    changed: row.changed === 1,
    release: row.release,
    flag: row.flag,
    result: JSON.parse(row.result),
    inputDigest: row.input_digest,
    hash: row.hash,
  };
}

function chainHash(previous: string, row: Omit<Row, 'seq' | 'hash'>): string {
  const content = [
    row.analysis_id,
    row.at,
    row.window_from,
    row.window_to,
    row.verdict,
    row.reason,
    row.changed,
    row.release ?? '',
    row.flag ?? '',
    row.result,
    row.input_digest,
  ].join('\u001f');
  return createHash('sha256').update(previous).update('\u001e').update(content).digest('hex');
}

/**
 * The append-only judgement history and the analyses declared through the API,
 * in tables of their own (`aviary_*`) in a better-sqlite3 database (the store's
 * file or a separate one). Triggers refuse UPDATE and DELETE on judgements, and
 * each record carries a hash chained to the previous record.
 */
export function openJudgementHistory(db: Database.Database): JudgementHistory {
  db.exec(SCHEMA);
  const insert = db.prepare(`INSERT INTO aviary_judgements
    (analysis_id, at, window_from, window_to, verdict, reason, changed, release, flag, result, input_digest, hash)
    VALUES (@analysis_id, @at, @window_from, @window_to, @verdict, @reason, @changed, @release, @flag, @result, @input_digest, @hash)`);
  const lastHash = db.prepare('SELECT hash FROM aviary_judgements ORDER BY seq DESC LIMIT 1');
  const latest = db.prepare('SELECT * FROM aviary_judgements WHERE analysis_id = ? ORDER BY seq DESC LIMIT 1');
  const list = db.prepare('SELECT * FROM aviary_judgements WHERE analysis_id = ? AND seq > ? ORDER BY seq ASC LIMIT ?');
  const all = db.prepare('SELECT * FROM aviary_judgements ORDER BY seq ASC');
  const appendTx = db.transaction((entry: Omit<JudgementRecord, 'seq' | 'hash' | 'changed'>): JudgementRecord => {
    const previous = latest.get(entry.analysisId) as Row | undefined;
    const row = {
      analysis_id: entry.analysisId,
      at: entry.at,
      window_from: entry.window.from,
      window_to: entry.window.to,
      verdict: entry.verdict,
      reason: entry.reason,
      changed: previous === undefined || previous.verdict !== entry.verdict ? 1 : 0,
      release: entry.release,
      flag: entry.flag,
      result: JSON.stringify(entry.result ?? null),
      input_digest: entry.inputDigest,
    };
    const hash = chainHash((lastHash.get() as { hash: string } | undefined)?.hash ?? '', row);
    const info = insert.run({ ...row, hash });
    return fromRow({ ...row, seq: Number(info.lastInsertRowid), hash });
  });
  return {
    append: (entry) => appendTx(entry),
    list(analysisId, options = {}) {
      return (list.all(analysisId, options.afterSeq ?? 0, options.limit ?? 1000) as Row[]).map(fromRow);
    },
    latest(analysisId) {
      const row = latest.get(analysisId) as Row | undefined;
      return row ? fromRow(row) : null;
    },
    byCohort(filter, limit = 1000) {
      const where: string[] = [];
      const params: string[] = [];
      if (filter.release !== undefined) {
        where.push('release = ?');
        params.push(filter.release);
      }
      if (filter.flag !== undefined) {
        where.push('flag = ?');
        params.push(filter.flag);
      }
      const sql = `SELECT * FROM aviary_judgements ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq ASC LIMIT ?`;
      return (db.prepare(sql).all(...params, limit) as Row[]).map(fromRow);
    },
    verifyChain() {
      let previous = '';
      for (const row of all.iterate() as IterableIterator<Row>) {
        const { seq, hash, ...content } = row;
        if (chainHash(previous, content) !== hash) return seq;
        previous = hash;
      }
      return null;
    },
    saveAnalysis(analysis) {
      db.prepare(
        `INSERT INTO aviary_analyses (id, origin, declared, input, created_at, deleted_at) VALUES (?, ?, ?, ?, ?, NULL)
         ON CONFLICT(id) DO UPDATE SET origin = excluded.origin, declared = excluded.declared, input = excluded.input,
           deleted_at = NULL`,
      ).run(
        analysis.id,
        analysis.origin,
        JSON.stringify(analysis.declared),
        JSON.stringify(analysis.input ?? null),
        analysis.createdAt,
      );
    },
    deleteAnalysis(id, at) {
      return (
        db.prepare('UPDATE aviary_analyses SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL').run(at, id)
          .changes > 0
      );
    },
    analyses(origin) {
      const rows = db
        .prepare(
          `SELECT * FROM aviary_analyses WHERE deleted_at IS NULL ${origin ? 'AND origin = ?' : ''} ORDER BY created_at, id`,
        )
        .all(...(origin ? [origin] : [])) as {
        id: string;
        origin: 'file' | 'api';
        declared: string;
        input: string;
        created_at: number;
        deleted_at: number | null;
      }[];
      return rows.map((r) => ({
        id: r.id,
        origin: r.origin,
        declared: JSON.parse(r.declared),
        input: JSON.parse(r.input),
        createdAt: r.created_at,
        deletedAt: r.deleted_at,
      }));
    },
  };
}
