/**
 * GPT-2/CLIP's reversible map from bytes to printable Unicode characters, so byte-level BPE can
 * work on strings without whitespace or control characters. Printable Latin-1 bytes ('!'–'~',
 * '¡'–'¬', '®'–'ÿ') map to themselves, and the other 68 bytes, in increasing order, to U+0100 onwards.
 */

function buildTable(): { bytes: number[]; chars: string[] } {
  const bytes: number[] = [];
  const range = (from: string, to: string) => {
    for (let b = from.charCodeAt(0); b <= to.charCodeAt(0); b++) bytes.push(b);
  };
  range("!", "~");
  range("¡", "¬");
  range("®", "ÿ");
  const codePoints = [...bytes];
  let next = 0;
  for (let b = 0; b < 256; b++) {
    if (!bytes.includes(b)) {
      bytes.push(b);
      codePoints.push(256 + next);
      next++;
    }
  }
  return { bytes, chars: codePoints.map((point) => String.fromCodePoint(point)) };
}

const TABLE = buildTable();

/**
 * Byte → character pairs in the table's order (the printable bytes first), which is also the
 * order of the first 256 ids of a CLIP vocabulary.
 */
export const BYTE_UNICODE_ORDER: readonly (readonly [number, string])[] = TABLE.bytes.map((b, i) => [b, TABLE.chars[i]] as const);

/** Character for each byte value 0–255. */
export const BYTE_TO_CHAR: readonly string[] = (() => {
  const table = new Array<string>(256);
  for (const [b, char] of BYTE_UNICODE_ORDER) table[b] = char;
  return table;
})();

/** Byte value for each character of the table. */
export const CHAR_TO_BYTE: ReadonlyMap<string, number> = new Map(BYTE_UNICODE_ORDER.map(([b, char]) => [char, b]));

/** Maps the UTF-8 bytes of `text` to table characters, one character per byte. */
export function encodeBytesAsChars(text: string): string {
  let out = "";
  for (const b of new TextEncoder().encode(text)) out += BYTE_TO_CHAR[b];
  return out;
}
