/**
 * mulberry32: a small, fast, deterministic random generator, so every benchmark run
 * works on the same synthetic data.
 * @param seed - any 32-bit number
 * @returns a function giving numbers in [0, 1)
 */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
