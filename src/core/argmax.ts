/**
 * The one argmax of the code base: the index (0 to length - 1) of the largest of `length` values read from `start`
 * every `stride` elements. The first index wins ties, as in torch.argmax and numpy.argmax.
 */
function argmaxAt(values: ArrayLike<number>, start: number, length: number, stride: number): number {
  let best = 0;
  let bestValue = values[start];
  for (let l = 1; l < length; l++) {
    const v = values[start + l * stride];
    if (v > bestValue) {
      bestValue = v;
      best = l;
    }
  }
  return best;
}

/** For each (outer, inner) position of a row-major [outer, length, inner] array, the argmax along the middle axis. */
export function argmaxAlong(values: ArrayLike<number>, outer: number, length: number, inner: number): Int32Array {
  const idx = new Int32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) idx[o * inner + i] = argmaxAt(values, o * length * inner + i, length, inner);
  }
  return idx;
}

/** Index of the largest value in each row of a row-major [rows, columns] array (first index on ties). */
export function rowArgmax(values: ArrayLike<number>, columns: number): Int32Array {
  return argmaxAlong(values, Math.floor(values.length / columns), columns, 1);
}

/** How many rows of a row-major [rows, columns] array have their argmax at the row's label (allocates nothing). */
export function countArgmaxMatches(values: ArrayLike<number>, columns: number, labels: ArrayLike<number>): number {
  let correct = 0;
  for (let r = 0; r < labels.length; r++) if (argmaxAt(values, r * columns, columns, 1) === labels[r]) correct++;
  return correct;
}
