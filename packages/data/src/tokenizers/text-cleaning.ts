/**
 * Text cleaning of OpenAI's CLIP tokenizer (simple_tokenizer.py): `ftfy.fix_text`, Python's
 * `html.unescape` applied twice, strip, collapse whitespace runs to one space, lower-case.
 */

// Python's html._invalid_charrefs: numeric references that HTML5 maps to other characters,
// mostly Windows-1252 for 0x80–0x9F.
const INVALID_CHARREFS: ReadonlyMap<number, string> = new Map([
  [0x00, "\ufffd"], [0x0d, "\r"], [0x80, "\u20ac"], [0x81, "\x81"], [0x82, "\u201a"], [0x83, "\u0192"],
  [0x84, "\u201e"], [0x85, "\u2026"], [0x86, "\u2020"], [0x87, "\u2021"], [0x88, "\u02c6"], [0x89, "\u2030"],
  [0x8a, "\u0160"], [0x8b, "\u2039"], [0x8c, "\u0152"], [0x8d, "\x8d"], [0x8e, "\u017d"], [0x8f, "\x8f"],
  [0x90, "\x90"], [0x91, "\u2018"], [0x92, "\u2019"], [0x93, "\u201c"], [0x94, "\u201d"], [0x95, "\u2022"],
  [0x96, "\u2013"], [0x97, "\u2014"], [0x98, "\u02dc"], [0x99, "\u2122"], [0x9a, "\u0161"], [0x9b, "\u203a"],
  [0x9c, "\u0153"], [0x9d, "\x9d"], [0x9e, "\u017e"], [0x9f, "\u0178"],
]);

// Named references understood here. Names marked legacy also match without the semicolon.
// NOTE: Python's html.entities.html5 has 2,231 names (106 legacy). Names not listed here are left as written.
const NAMED_REFERENCES: ReadonlyMap<string, string> = new Map([
  ["amp", "&"], ["lt", "<"], ["gt", ">"], ["quot", '"'], ["nbsp", "\u00a0"], ["copy", "\u00a9"], ["reg", "\u00ae"],
  ["apos", "'"], ["hellip", "\u2026"], ["mdash", "\u2014"], ["ndash", "\u2013"], ["lsquo", "\u2018"],
  ["rsquo", "\u2019"], ["ldquo", "\u201c"], ["rdquo", "\u201d"], ["trade", "\u2122"], ["euro", "\u20ac"],
]);
const LEGACY_NAMES = new Set(["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"]);

function isInvalidCodePoint(point: number): boolean {
  return (
    (point >= 0x1 && point <= 0x8) ||
    point === 0xb ||
    (point >= 0xe && point <= 0x1f) ||
    (point >= 0x7f && point <= 0x9f) ||
    (point >= 0xfdd0 && point <= 0xfdef) ||
    (point & 0xfffe) === 0xfffe
  );
}

function numericReference(body: string): string {
  const hex = body[1] === "x" || body[1] === "X";
  const digits = body.slice(hex ? 2 : 1).replace(/;$/, "");
  const point = Number.parseInt(digits, hex ? 16 : 10);
  const replacement = INVALID_CHARREFS.get(point);
  if (replacement !== undefined) return replacement;
  if ((point >= 0xd800 && point <= 0xdfff) || point > 0x10ffff) return "\ufffd";
  if (isInvalidCodePoint(point)) return "";
  return String.fromCodePoint(point);
}

function namedReference(body: string): string {
  if (body.endsWith(";")) {
    const value = NAMED_REFERENCES.get(body.slice(0, -1));
    if (value !== undefined) return value;
  }
  // Like Python, take the longest legacy name that prefixes the reference.
  for (let end = body.length; end > 1; end--) {
    const name = body.slice(0, end);
    if (LEGACY_NAMES.has(name)) return NAMED_REFERENCES.get(name)! + body.slice(end);
  }
  return `&${body}`;
}

/** Replaces HTML character references like Python's `html.unescape`, for the names listed above. */
export function htmlUnescape(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)/g, (_, body: string) =>
    body.startsWith("#") ? numericReference(body) : namedReference(body),
  );
}

/**
 * Applies part of `ftfy.fix_text` with ftfy 6 defaults: curly quotes to straight ones (ftfy's
 * uncurl_quotes ranges), full-width ASCII and the ideographic space to their ASCII forms, then
 * NFC normalisation.
 * NOTE: ftfy's mojibake repair, its own HTML unescaping and its Latin-ligature, half-width and
 * control-character fixes are not implemented, so text that needs them encodes differently.
 */
export function fixText(text: string): string {
  return text
    .replace(/[\u02bc\u2018-\u201b]/g, "'")
    .replace(/[\u201c-\u201f]/g, '"')
    .replace(/[\uff01-\uff5e]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, " ")
    .normalize("NFC");
}

/** Cleans text like CLIP's tokenizer before splitting: fix, unescape twice, collapse whitespace, lower-case. */
export function cleanText(text: string): string {
  const unescaped = htmlUnescape(htmlUnescape(fixText(text))).trim();
  return unescaped.replace(/\s+/gu, " ").trim().toLowerCase();
}
