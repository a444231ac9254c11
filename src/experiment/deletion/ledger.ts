import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../core/node/atomic-file.js';
import { QunlearnError } from '../../core/errors.js';
import { canonicalJson } from '../../core/canonical-json.js';

/**
 * The append-only record of a model's life: one JSON object per line, the first for its training, then one per
 * deletion request. Each record carries the hash of the one before it and its own hash (SHA-256 of its canonical
 * JSON without the `hash` field), so editing, reordering or dropping a record breaks the chain, and the model's own
 * state remembers the last hash and the count, so dropping the last record is detected too.
 */
export const LEDGER_FORMAT = 'qunlearn-ledger/1';

/** A ledger record as written (the event's own fields are free-form). */
export interface LedgerRecord {
  format: typeof LEDGER_FORMAT;
  seq: number;
  event: 'train' | 'forget';
  time: string;
  /** SHA-256 of the model's tensors file after the event. */
  model: string;
  /** Hash of the previous record, null for the first. */
  previous: string | null;
  hash: string;
  [field: string]: unknown;
}

/** Where the chain stands: the number of records and the last record's hash (kept in the model's state). */
export interface LedgerHead {
  records: number;
  head: string | null;
}

/** SHA-256 of bytes or a string, hex. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The hash a record must carry: SHA-256 of its canonical JSON without `hash`. */
export function recordHash(record: Omit<LedgerRecord, 'hash'> | LedgerRecord): string {
  const { hash: _hash, ...rest } = record as LedgerRecord;
  return sha256(canonicalJson(rest));
}

/** The lines of a ledger file (none when it does not exist). */
function ledgerLines(path: string): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
}

/**
 * Appends a record to the ledger at `path` after the chain `head` and returns the new head. The whole file is
 * rewritten atomically, so a crash leaves either the old ledger or the new one.
 */
export function appendRecord(
  path: string,
  head: LedgerHead,
  fields: Omit<LedgerRecord, 'format' | 'seq' | 'previous' | 'hash' | 'time'>,
): { record: LedgerRecord; head: LedgerHead } {
  const lines = ledgerLines(path);
  if (lines.length !== head.records) {
    throw new QunlearnError(
      'ledger',
      `${path} has ${lines.length} records but the model's state expects ${head.records}; run qunlearn forget --verify to see what changed`,
    );
  }
  const base = {
    format: LEDGER_FORMAT,
    seq: head.records,
    time: new Date().toISOString(),
    previous: head.head,
    ...fields,
  } as Omit<LedgerRecord, 'hash'>;
  const record = { ...base, hash: recordHash(base) } as LedgerRecord;
  writeFileAtomic(path, `${[...lines, JSON.stringify(record)].join('\n')}\n`);
  return { record, head: { records: head.records + 1, head: record.hash } };
}

/** The outcome of a verification: the records read and every problem found (none when the chain is intact). */
export interface LedgerCheck {
  records: LedgerRecord[];
  problems: string[];
}

/**
 * Checks a ledger: every line a JSON record of this format, sequence numbers 0, 1, 2, …, each record's hash its own
 * content's, each `previous` the hash of the record before; and, against the model's state, the count and last hash
 * (a dropped last record) and the model file's hash (a model replaced outside the ledger).
 */
export function verifyLedger(path: string, expected: LedgerHead, modelHash: string): LedgerCheck {
  const problems: string[] = [];
  const records: LedgerRecord[] = [];
  let previous: string | null = null;
  ledgerLines(path).forEach((line, i) => {
    let record: LedgerRecord;
    try {
      record = JSON.parse(line) as LedgerRecord;
    } catch {
      problems.push(`line ${i + 1} is not valid JSON`);
      return;
    }
    if (record.format !== LEDGER_FORMAT) problems.push(`line ${i + 1} is not a ${LEDGER_FORMAT} record`);
    if (record.seq !== i)
      problems.push(
        `line ${i + 1} has sequence number ${String(record.seq)}, expected ${i}: a record was dropped, added or moved`,
      );
    if (record.previous !== previous)
      problems.push(
        `line ${i + 1} does not chain to the record before it (previous hash ${String(record.previous).slice(0, 12)}…, expected ${String(previous).slice(0, 12)}…)`,
      );
    if (recordHash(record) !== record.hash)
      problems.push(`line ${i + 1} (record ${String(record.seq)}) was edited: its content no longer matches its hash`);
    previous = record.hash;
    records.push(record);
  });
  if (records.length !== expected.records)
    problems.push(
      `the ledger has ${records.length} records, the model's state records ${expected.records}: records were dropped or added`,
    );
  else if (previous !== expected.head)
    problems.push("the ledger's last record is not the one the model's state records");
  const last = records.at(-1);
  if (last !== undefined && last.model !== modelHash)
    problems.push(
      "the model's tensors do not match the last ledger record: the model was replaced outside qunlearn forget",
    );
  return { records, problems };
}
