/**
 * A 64-bit hash of text, for cache keys: two 32-bit lanes (FNV-1a, and a multiply-rotate lane with
 * another constant) over the UTF-16 code units, each part followed by a separator so that ("ab", "c")
 * and ("a", "bc") differ. It only has to notice change, not resist an attacker, and it spares a cold
 * start loading node:crypto, which takes 3–5 ms before the first byte is hashed.
 */
export interface TextHash {
  update(text: string): TextHash;
  digest(): string;
}

export function textHash(): TextHash {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  const hash: TextHash = {
    update(text) {
      for (let i = 0; i <= text.length; i++) {
        // One past the end: the separator.
        const unit = i < text.length ? text.charCodeAt(i) : 0xffff;
        a = Math.imul(a ^ unit, 0x01000193);
        b = Math.imul(b ^ unit, 0x5bd1e995);
        b = (b << 13) | (b >>> 19);
      }
      return hash;
    },
    digest() {
      return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
    },
  };
  return hash;
}
