/**
 * The one argmax of the code base: for each (outer, inner) position, the index along the middle axis of the largest
 * value of a row-major [outer, length, inner] array. The first index wins ties, as in torch.argmax and numpy.argmax.
 */
export function argmaxAlong(values: ArrayLike<number>, outer: number, length: number, inner: number): Int32Array {
  const idx = new Int32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = 0;
      let bestValue = values[o * length * inner + i];
      for (let l = 1; l < length; l++) {
        const v = values[(o * length + l) * inner + i];
        if (v > bestValue) {
          bestValue = v;
          best = l;
        }
      }
      idx[o * inner + i] = best;
    }
  }
  return idx;
}

/** Index of the largest value in each row of a row-major [rows, columns] array (first index on ties). */
export function rowArgmax(values: ArrayLike<number>, columns: number): Int32Array {
  return argmaxAlong(values, Math.floor(values.length / columns), columns, 1);
}
