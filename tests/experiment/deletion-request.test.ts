import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveExperiment } from '../../src/experiment/config.js';
import { readDeletionRequest } from '../../src/experiment/deletion-request.js';
import { tempDir } from '../helpers/cli.js';

describe('deletion requests in a configuration', () => {
  it('keep only the sorted ids of a file or of an inline list, never the file name', () => {
    const file = join(tempDir(), 'request.txt');
    writeFileSync(file, '# two rows\n17\n3\n');
    expect(readDeletionRequest({ kind: 'indices', file })).toEqual({ kind: 'indices', ids: [3, 17] });
    expect(readDeletionRequest({ kind: 'indices', ids: [17, 3], name: 'gdpr-42' })).toEqual({
      kind: 'indices',
      name: 'gdpr-42',
      ids: [3, 17],
    });
    expect(resolveExperiment({ scenarios: [{ kind: 'indices', file }] }).scenarios).toEqual([
      { kind: 'indices', ids: [3, 17] },
    ]);
  });

  it('name the file and line of a repeated id, and want exactly one of file and ids', () => {
    const file = join(tempDir(), 'twice.txt');
    writeFileSync(file, '1\n2\n1\n');
    expect(() => readDeletionRequest({ kind: 'indices', file })).toThrow(
      `forget-id file '${file}', line 3: row id 1 is repeated (first at line 1)`,
    );
    expect(() => readDeletionRequest({ kind: 'indices', ids: [4, 4] })).toThrow(
      'the indices scenario, ids[1]: row id 4 is repeated (first at ids[0])',
    );
    expect(() => readDeletionRequest({ kind: 'indices', file, ids: [1] })).toThrow(
      "needs exactly one of 'file' (a file of row ids) and 'ids'",
    );
    expect(() => readDeletionRequest({ kind: 'indices' })).toThrow("needs exactly one of 'file'");
    writeFileSync(file, '# none\n');
    expect(() => readDeletionRequest({ kind: 'indices', file })).toThrow('names no row ids');
    expect(() => readDeletionRequest({ kind: 'indices', file: join(tempDir(), 'absent.txt') })).toThrow(
      "cannot read forget-id file '",
    );
  });
});
