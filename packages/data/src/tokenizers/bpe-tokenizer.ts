/**
 * Byte-level BPE tokenizer compatible with OpenAI's CLIP (simple_tokenizer.py and clip.tokenize),
 * reading a merges file in the format of `bpe_simple_vocab_16e6.txt(.gz)`: a header line, then one
 * merge per line, two space-separated symbols, highest priority first.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { KilnError } from "@kiln/tensor";
import { isGzip } from "../idx.js";
import { BYTE_UNICODE_ORDER, CHAR_TO_BYTE, encodeBytesAsChars } from "./byte-unicode.js";
import { cleanText } from "./text-cleaning.js";
import { packSequences, type TokenBatch } from "./token-batch.js";

export const START_OF_TEXT = "<|startoftext|>";
export const END_OF_TEXT = "<|endoftext|>";
const END_OF_WORD = "</w>";

/**
 * Number of merges OpenAI's tokenizer reads: the 48,894 (49,152 − 256 − 2) lines after the
 * header. With 512 byte symbols and 2 special tokens the vocabulary has 49,408 ids.
 */
export const CLIP_MERGE_COUNT = 49152 - 256 - 2;

/** Context length of OpenAI's CLIP text encoder. */
export const CLIP_CONTEXT_LENGTH = 77;

// Special tokens, contractions, letter runs, single digits, and runs of anything else but spaces.
const SPLIT_PATTERN = /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^\s\p{L}\p{N}]+/giu;

const MAX_CACHE_ENTRIES = 100_000;

/** Quotes `text` for an error message, cut to its first 40 characters when longer. */
function quoteStart(text: string): string {
  const chars = Array.from(text);
  if (chars.length <= 40) return JSON.stringify(text);
  return `${JSON.stringify(chars.slice(0, 40).join(""))}…, ${chars.length} characters`;
}

export class BpeTokenizer {
  /** Symbol of each id: 256 byte characters, the same with `</w>`, the merges, then SOT and EOT. */
  readonly vocab: readonly string[];
  readonly startOfTextId: number;
  readonly endOfTextId: number;
  private readonly encoder = new Map<string, number>();
  private readonly ranks = new Map<string, number>();
  private readonly cache = new Map<string, string[]>();

  /** Builds a tokenizer from merges, each a pair of symbols, in priority order. */
  constructor(merges: readonly (readonly [string, string])[]) {
    const byteChars = BYTE_UNICODE_ORDER.map(([, char]) => char);
    this.vocab = [
      ...byteChars,
      ...byteChars.map((char) => char + END_OF_WORD),
      ...merges.map(([left, right]) => left + right),
      START_OF_TEXT,
      END_OF_TEXT,
    ];
    // Later duplicates win, as in Python's dict(zip(vocab, range(len(vocab)))).
    this.vocab.forEach((symbol, id) => this.encoder.set(symbol, id));
    merges.forEach(([left, right], rank) => {
      const key = `${left} ${right}`;
      if (!this.ranks.has(key)) this.ranks.set(key, rank);
    });
    this.startOfTextId = this.encoder.get(START_OF_TEXT)!;
    this.endOfTextId = this.encoder.get(END_OF_TEXT)!;
  }

  /**
   * Parses a merges file's text: skips the header line and blank lines, then keeps at most
   * `maxMerges` merges (default 48,894, the number CLIP uses). Raises a KilnError naming the
   * line of a merge that does not have exactly two symbols.
   */
  static fromText(text: string, name: string, options: { maxMerges?: number } = {}): BpeTokenizer {
    const maxMerges = options.maxMerges ?? CLIP_MERGE_COUNT;
    const lines = text.split("\n");
    const merges: [string, string][] = [];
    for (let line = 1; line < lines.length && merges.length < maxMerges; line++) {
      const symbols = lines[line].split(/\s+/u).filter((symbol) => symbol !== "");
      if (symbols.length === 0) continue;
      if (symbols.length !== 2) {
        throw new KilnError("BpeTokenizer", `${name}:${line + 1}: expected a merge of two symbols, got ${JSON.stringify(lines[line])}`);
      }
      merges.push([symbols[0], symbols[1]]);
    }
    return new BpeTokenizer(merges);
  }

  /** Reads a merges file, gzip-compressed (like `bpe_simple_vocab_16e6.txt.gz`) or plain UTF-8. */
  static fromFile(path: string, options: { maxMerges?: number } = {}): BpeTokenizer {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      throw new KilnError("BpeTokenizer", `${path}: failed to read the merges file (${(error as Error).message})`);
    }
    if (isGzip(bytes)) {
      try {
        bytes = gunzipSync(bytes);
      } catch (error) {
        throw new KilnError("BpeTokenizer", `${path}: invalid gzip data (${(error as Error).message})`);
      }
    }
    return BpeTokenizer.fromText(new TextDecoder("utf-8").decode(bytes), path, options);
  }

  /** Number of ids, including the two special tokens. */
  get vocabSize(): number {
    return this.vocab.length;
  }

  /** Splits one pre-tokenized word (in byte characters) into BPE symbols, the last ending in `</w>`. */
  private bpe(word: string): string[] {
    if (word === START_OF_TEXT || word === END_OF_TEXT) return [word];
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;

    let symbols = Array.from(word);
    symbols[symbols.length - 1] += END_OF_WORD;
    while (symbols.length > 1) {
      // Find the adjacent pair with the lowest merge rank, and stop when no pair is a merge.
      let best: string | undefined;
      let bestRank = Infinity;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const rank = this.ranks.get(`${symbols[i]} ${symbols[i + 1]}`);
        if (rank !== undefined && rank < bestRank) {
          bestRank = rank;
          best = `${symbols[i]} ${symbols[i + 1]}`;
        }
      }
      if (best === undefined) break;
      // Merge every occurrence of the pair, scanning left to right without overlaps.
      const [left, right] = best.split(" ");
      const merged: string[] = [];
      for (let i = 0; i < symbols.length; i++) {
        if (symbols[i] === left && i + 1 < symbols.length && symbols[i + 1] === right) {
          merged.push(left + right);
          i++;
        } else {
          merged.push(symbols[i]);
        }
      }
      symbols = merged;
    }

    if (this.cache.size >= MAX_CACHE_ENTRIES) this.cache.clear();
    this.cache.set(word, symbols);
    return symbols;
  }

  /** Converts text to ids without SOT or EOT, like OpenAI's `SimpleTokenizer.encode`. */
  encode(text: string): number[] {
    const ids: number[] = [];
    for (const [word] of cleanText(text).matchAll(SPLIT_PATTERN)) {
      const chars = word === START_OF_TEXT || word === END_OF_TEXT ? word : encodeBytesAsChars(word);
      for (const symbol of this.bpe(chars)) ids.push(this.encoder.get(symbol)!);
    }
    return ids;
  }

  /**
   * Converts ids back to text: bytes decoded as UTF-8 with U+FFFD for invalid sequences, and
   * each `</w>` replaced by a space, so the result ends with a space. Raises a KilnError for an
   * id outside the vocabulary.
   */
  decode(ids: Iterable<number>): string {
    const bytes: number[] = [];
    for (const id of ids) {
      const symbol = this.vocab[id];
      if (!Number.isInteger(id) || symbol === undefined) {
        throw new KilnError("BpeTokenizer", `token id ${id} is outside [0, ${this.vocab.length - 1}]`);
      }
      for (const char of symbol) bytes.push(CHAR_TO_BYTE.get(char)!);
    }
    return new TextDecoder("utf-8").decode(Uint8Array.from(bytes)).replaceAll(END_OF_WORD, " ");
  }

  /**
   * Encodes `texts` like `clip.tokenize`: SOT, the ids, EOT, padded with id 0 to `contextLength`
   * (77 by default). A text that does not fit raises a KilnError unless `truncate` is set, which
   * cuts it and ends it with EOT.
   */
  tokenize(texts: readonly string[], options: { contextLength?: number; truncate?: boolean } = {}): TokenBatch {
    const contextLength = options.contextLength ?? CLIP_CONTEXT_LENGTH;
    if (!Number.isInteger(contextLength) || contextLength < 2) {
      throw new KilnError("BpeTokenizer", `context length must be an integer ≥ 2 (room for SOT and EOT), got ${contextLength}`);
    }
    if (!Array.isArray(texts)) {
      throw new KilnError("BpeTokenizer", `tokenize expects an array of strings, got ${typeof texts}; wrap a single text as [text]`);
    }
    const sequences = texts.map((text, index) => {
      const ids = [this.startOfTextId, ...this.encode(text), this.endOfTextId];
      if (ids.length <= contextLength) return ids;
      if (!options.truncate) {
        throw new KilnError(
          "BpeTokenizer",
          `text ${index} (${quoteStart(text)}) needs ${ids.length} tokens, more than the context length ${contextLength}; pass truncate: true to cut it`,
        );
      }
      const cut = ids.slice(0, contextLength);
      cut[contextLength - 1] = this.endOfTextId;
      return cut;
    });
    return packSequences(sequences, contextLength, 0);
  }
}
