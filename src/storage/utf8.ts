/**
 * utf8.ts — a JavaScript string as WTF-8 bytes: UTF-8, except that a lone surrogate is written
 * as its own three-byte sequence, so every string (valid UTF-16 or not) round-trips. Shared by
 * the key encoding (keys.ts) and the value codec (codec.ts).
 */

/**
 * writeWtf8 writes `s` into `b` from position `p` and returns the position after it. The caller
 * has made room for 3 bytes per UTF-16 unit. With `escapeNul` a NUL is written as 00 FF: in a
 * key a 00 byte ends the string.
 */
export function writeWtf8(s: string, b: Uint8Array, p: number, escapeNul: boolean): number {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      b[p++] = c;
      if (c === 0 && escapeNul) b[p++] = 0xff;
    } else if (c < 0x800) {
      b[p++] = 0xc0 | (c >> 6);
      b[p++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < n) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d < 0xe000) {
          i++;
          c = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
          b[p++] = 0xf0 | (c >> 18);
          b[p++] = 0x80 | ((c >> 12) & 0x3f);
          b[p++] = 0x80 | ((c >> 6) & 0x3f);
          b[p++] = 0x80 | (c & 0x3f);
          continue;
        }
      }
      b[p++] = 0xe0 | (c >> 12);
      b[p++] = 0x80 | ((c >> 6) & 0x3f);
      b[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p;
}
