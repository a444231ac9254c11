import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from '../../src/models/safetensors.js';

describe('safetensors', () => {
  it('round-trips F64 and F32 tensors and metadata', () => {
    const tensors = new Map([
      ['b.weight', { data: Float64Array.from([1.5, -2.25, Math.PI, 1e-300]), shape: [2, 2] }],
      ['a.bias', { data: Float32Array.from([0.5, 7]), shape: [2] }],
    ]);
    const bytes = encodeSafetensors(tensors, { format: 'x' });
    const decoded = decodeSafetensors(bytes, 'mem');
    expect(decoded.metadata).toEqual({ format: 'x' });
    expect(Array.from(decoded.tensors.get('b.weight')!.data)).toEqual([1.5, -2.25, Math.PI, 1e-300]);
    expect(decoded.tensors.get('a.bias')!.data).toBeInstanceOf(Float32Array);
    expect(decoded.tensors.get('a.bias')!.shape).toEqual([2]);
  });

  it('lays out the file as the format specifies (u64 header length, padded JSON, contiguous sorted data)', () => {
    const bytes = encodeSafetensors(
      new Map([
        ['z', { data: Float64Array.from([1]), shape: [1] }],
        ['a', { data: Float64Array.from([2, 3]), shape: [2] }],
      ]),
    );
    const view = new DataView(bytes.buffer);
    const n = Number(view.getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + n)).toString());
    expect(header.a).toEqual({ dtype: 'F64', shape: [2], data_offsets: [0, 16] });
    expect(header.z).toEqual({ dtype: 'F64', shape: [1], data_offsets: [16, 24] });
    expect(bytes.length).toBe(8 + n + 24);
    expect(view.getFloat64(8 + n, true)).toBe(2);
  });

  it('rejects truncated or malformed files with the source named', () => {
    expect(() => decodeSafetensors(new Uint8Array(3), 'x.safetensors')).toThrow(
      /x.safetensors: not a valid safetensors file/,
    );
    const good = encodeSafetensors(new Map([['a', { data: Float64Array.from([1, 2]), shape: [2] }]]));
    expect(() => decodeSafetensors(good.subarray(0, good.length - 4), 'y')).toThrow(/inconsistent offsets/);
  });

  it('requires the tensors to cover the data exactly: no bytes after them, no gaps, no overlaps', () => {
    const good = encodeSafetensors(
      new Map([
        ['a', { data: Float64Array.from([1, 2]), shape: [2] }],
        ['b', { data: Float64Array.from([3]), shape: [1] }],
      ]),
    );
    const withTail = new Uint8Array(good.length + 3);
    withTail.set(good);
    expect(() => decodeSafetensors(withTail, 'z.safetensors')).toThrow(
      "z.safetensors: not a valid safetensors file (3 byte(s) after the last tensor's data: the file was appended to or damaged)",
    );
    const header = (h: object): Uint8Array => {
      let json = JSON.stringify(h);
      json += ' '.repeat((8 - (json.length % 8)) % 8);
      const out = new Uint8Array(8 + json.length + 24);
      new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
      out.set(Buffer.from(json), 8);
      return out;
    };
    expect(() =>
      decodeSafetensors(
        header({
          a: { dtype: 'F64', shape: [1], data_offsets: [0, 8] },
          b: { dtype: 'F64', shape: [1], data_offsets: [16, 24] },
        }),
        'g',
      ),
    ).toThrow("tensor 'b' starts at byte 16 of the data, expected 8 (a gap or an overlap)");
    expect(() =>
      decodeSafetensors(
        header({
          a: { dtype: 'F64', shape: [2], data_offsets: [0, 16] },
          b: { dtype: 'F64', shape: [2], data_offsets: [8, 24] },
        }),
        'o',
      ),
    ).toThrow('a gap or an overlap');
    expect(() => decodeSafetensors(header({ a: { dtype: 'F64', shape: 'x', data_offsets: [0, 24] } }), 's')).toThrow(
      'has an invalid shape "x"',
    );
    expect(() => decodeSafetensors(header({ a: { dtype: 'F64', shape: [1], data_offsets: [-8, 0] } }), 'n')).toThrow(
      'inconsistent offsets',
    );
  });
});
