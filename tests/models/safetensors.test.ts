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
    const bytes = encodeSafetensors(new Map([
      ['z', { data: Float64Array.from([1]), shape: [1] }],
      ['a', { data: Float64Array.from([2, 3]), shape: [2] }],
    ]));
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
    expect(() => decodeSafetensors(new Uint8Array(3), 'x.safetensors')).toThrow(/x.safetensors: not a valid safetensors file/);
    const good = encodeSafetensors(new Map([['a', { data: Float64Array.from([1, 2]), shape: [2] }]]));
    expect(() => decodeSafetensors(good.subarray(0, good.length - 4), 'y')).toThrow(/inconsistent offsets/);
  });
});
