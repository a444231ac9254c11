import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { QunlearnError } from '../core/errors.js';
import { auditFiles } from '../experiment/audit/layout.js';
import type { AuditRecord } from '../experiment/audit/run.js';
import type { AuditRow } from '../experiment/audit/score.js';
import { isObject } from '../experiment/json-file.js';
import { readAuditRows, readJson } from './load-run.js';

/** A finished standalone audit (`qunlearn audit`), read back for reporting. */
export interface LoadedAudit {
  /** Absolute path of the audit directory. */
  dir: string;
  record: AuditRecord;
  rows: AuditRow[];
}

/** True when `dir` holds a standalone audit (audit-run.json) rather than a run. */
export function isAuditDirectory(dir: string): boolean {
  return existsSync(auditFiles.record(resolve(dir)));
}

/**
 * Reads a standalone audit directory: audit-run.json and audit.json. One that has not finished, and damaged files,
 * are each one QunlearnError that says what to do.
 */
export function loadAudit(dirArg: string): LoadedAudit {
  const dir = resolve(dirArg);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new QunlearnError('report', `audit directory ${dirArg} does not exist`);
  const file = auditFiles.record(dir);
  const record = readJson(
    file,
    'audit record',
    (v): v is AuditRecord => isObject(v) && v.format === 'qunlearn-audit/1' && isObject(v.experiment),
    "it holds the audit's settings, so the audit cannot be reported or continued without it: restore it, or run the audit again into a new folder (--out)",
  );
  const rows = readAuditRows(dir);
  if (rows === null) {
    throw new QunlearnError(
      'report',
      `audit ${dirArg} has no results yet (status '${record.status}'): it was stopped before it finished; continue it with \`qunlearn audit --resume ${dirArg}\`, then report again`,
    );
  }
  return { dir, record, rows };
}
