import { createDataset, type Dataset } from '../../src/browser.js';

/**
 * The playground's MNIST subset as one binary file: a little-endian u32 header length, a JSON header (name, shape,
 * class names, labels' run lengths, and the palette of pixel values), then one byte per pixel indexing the palette.
 * The `mnist` package stores pixels with three decimals (256 distinct values), so the palette restores every pixel
 * exactly and the page's dataset has the same fingerprint as `loadMnist` in Node.
 */
interface Header {
  name: string;
  source: string;
  featureShape: number[];
  classNames: string[];
  labels: number[];
  palette: number[];
}

/** Encodes a dataset whose pixel values take at most 256 distinct values. */
export function encodeMnistSubset(dataset: Dataset): Uint8Array {
  const palette = [...new Set(dataset.features)].sort((a, b) => a - b);
  if (palette.length > 256)
    throw new Error(`the dataset has ${palette.length} distinct pixel values; at most 256 fit a byte`);
  const index = new Map(palette.map((v, i) => [v, i]));
  const header: Header = {
    name: dataset.name,
    source: dataset.source,
    featureShape: dataset.featureShape,
    classNames: dataset.classNames,
    labels: Array.from(dataset.labels),
    palette,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(4 + json.length + dataset.features.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 4);
  const pixels = out.subarray(4 + json.length);
  for (let i = 0; i < dataset.features.length; i++) pixels[i] = index.get(dataset.features[i])!;
  return out;
}

/** Decodes the file written by {@link encodeMnistSubset} back into the dataset. */
export function decodeMnistSubset(bytes: Uint8Array): Dataset {
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length))) as Header;
  const pixels = bytes.subarray(4 + length);
  const features = new Float64Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) features[i] = header.palette[pixels[i]];
  return createDataset({
    name: header.name,
    source: header.source,
    featureShape: header.featureShape,
    classNames: header.classNames,
    labels: Int32Array.from(header.labels),
    features,
  });
}
