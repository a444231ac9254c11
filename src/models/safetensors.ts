import { QunlearnError } from '../core/errors.js';
import { sizeOf } from '../core/shape.js';

/** A tensor as stored in a safetensors file. */
export interface StoredTensor {
  data: Float64Array | Float32Array;
  shape: number[];
}

const DTYPES = { F64: 8, F32: 4 } as const;

/**
 * Serialises tensors in the safetensors format (https://huggingface.co/docs/safetensors): an 8-byte little-endian
 * header length, a JSON header (padded with spaces to a multiple of 8), then the raw little-endian data, tensors in
 * name order with contiguous offsets. PyTorch's `safetensors.torch.load_file` reads it. Written by hand because the
 * format is a page long and the npm packages of that name are unmaintained stubs.
 */
export function encodeSafetensors(
  tensors: Map<string, StoredTensor>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const names = [...tensors.keys()].sort();
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const name of names) {
    const t = tensors.get(name)!;
    const dtype = t.data instanceof Float32Array ? 'F32' : 'F64';
    const bytes = t.data.length * DTYPES[dtype];
    header[name] = { dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  const utf8 = new TextEncoder();
  json += ' '.repeat((8 - (utf8.encode(json).length % 8)) % 8);
  const headerBytes = utf8.encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const name of names) {
    const t = tensors.get(name)!;
    const step = t.data instanceof Float32Array ? 4 : 8;
    for (let i = 0; i < t.data.length; i++, at += step) {
      if (step === 4) view.setFloat32(at, t.data[i], true);
      else view.setFloat64(at, t.data[i], true);
    }
  }
  return out;
}

/**
 * Parses a safetensors file (F32/F64 tensors); every structural problem is an error naming the source: tensors must
 * cover the data section exactly (no gaps, overlaps or bytes after the last tensor, as the format requires).
 * Returns the tensors, the header metadata and the data section (what a checkpoint's SHA-256 covers).
 */
export function decodeSafetensors(
  bytes: Uint8Array,
  source: string,
): { tensors: Map<string, StoredTensor>; metadata: Record<string, string>; data: Uint8Array } {
  const fail = (why: string): never => {
    throw new QunlearnError('checkpoint', `${source}: not a valid safetensors file (${why})`);
  };
  if (bytes.length < 8) fail('shorter than its 8-byte header length');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (8 + headerLength > bytes.length) fail(`header length ${headerLength} exceeds the file size`);
  let header: Record<
    string,
    { dtype: string; shape: number[]; data_offsets: [number, number] } | Record<string, string>
  >;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch {
    return fail('the header is not JSON');
  }
  const dataStart = 8 + headerLength;
  const tensors = new Map<string, StoredTensor>();
  const spans: [number, number, string][] = [];
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = entry as Record<string, string>;
      continue;
    }
    const {
      dtype,
      shape,
      data_offsets: offsets,
    } = entry as { dtype: string; shape: number[]; data_offsets: [number, number] };
    if (dtype !== 'F64' && dtype !== 'F32') fail(`tensor '${name}' has dtype ${dtype}; only F32 and F64 are supported`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0))
      fail(`tensor '${name}' has an invalid shape ${JSON.stringify(shape)}`);
    const width = DTYPES[dtype as keyof typeof DTYPES];
    const count = sizeOf(shape);
    if (
      !Array.isArray(offsets) ||
      !Number.isInteger(offsets[0]) ||
      offsets[0] < 0 ||
      offsets[1] - offsets[0] !== count * width ||
      dataStart + offsets[1] > bytes.length
    ) {
      fail(`tensor '${name}' has inconsistent offsets for shape [${shape.join(', ')}]`);
    }
    const data = dtype === 'F32' ? new Float32Array(count) : new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const at = dataStart + offsets[0] + i * width;
      data[i] = width === 4 ? view.getFloat32(at, true) : view.getFloat64(at, true);
    }
    tensors.set(name, { data, shape });
    spans.push([offsets[0], offsets[1], name]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let end = 0;
  for (const [start, stop, name] of spans) {
    if (start !== end)
      fail(`tensor '${name}' starts at byte ${start} of the data, expected ${end} (a gap or an overlap)`);
    end = stop;
  }
  const size = bytes.length - dataStart;
  if (end !== size) fail(`${size - end} byte(s) after the last tensor's data: the file was appended to or damaged`);
  return { tensors, metadata, data: bytes.subarray(dataStart) };
}
