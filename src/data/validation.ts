import { QunlearnError } from '../core/errors.js';
import type { DatasetParts } from './dataset.js';

/**
 * The shared checker every loader runs before handing out a dataset: shapes agree, every value is finite, every
 * label is a valid class id, there are at least two classes and each has at least one row. Errors name the dataset,
 * its source and the offending row (0-based row id), so a bad file can be found and fixed.
 */
export function validateDataset(parts: DatasetParts): void {
  const where = `dataset '${parts.name}' (${parts.source})`;
  const { featureShape, features, labels, classNames } = parts;
  if (featureShape.length === 0 || featureShape.some((d) => !Number.isInteger(d) || d <= 0)) {
    throw new QunlearnError(
      'data',
      `${where}: feature shape must be a list of positive integers, got [${featureShape.join(', ')}]`,
    );
  }
  const size = featureShape.reduce((a, b) => a * b, 1);
  const n = labels.length;
  if (n === 0) throw new QunlearnError('data', `${where}: has no rows`);
  if (features.length !== n * size) {
    throw new QunlearnError(
      'data',
      `${where}: wrong feature count: ${n} rows × ${size} features (shape [${featureShape.join(', ')}]) need ${n * size} values, got ${features.length}`,
    );
  }
  for (let i = 0; i < features.length; i++) {
    if (!Number.isFinite(features[i])) {
      const row = Math.floor(i / size);
      throw new QunlearnError(
        'data',
        `${where}: row ${row} feature ${i - row * size} is ${features[i]}; every feature must be a finite number`,
      );
    }
  }
  const numClasses = classNames.length;
  if (numClasses < 2) {
    throw new QunlearnError(
      'data',
      `${where}: needs at least 2 classes to classify, got ${numClasses} (${classNames.join(', ') || 'none'})`,
    );
  }
  const counts = new Int32Array(numClasses);
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (y < 0 || y >= numClasses) {
      throw new QunlearnError('data', `${where}: row ${i} has label ${y}, outside the class ids 0..${numClasses - 1}`);
    }
    counts[y]++;
  }
  for (let c = 0; c < numClasses; c++) {
    if (counts[c] === 0) {
      throw new QunlearnError(
        'data',
        `${where}: class ${c} ('${classNames[c]}') has no samples; every class must occur at least once`,
      );
    }
  }
}
