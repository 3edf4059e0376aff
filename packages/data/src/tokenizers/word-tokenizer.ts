/**
 * Word-level tokenizer for the CLIP-tiny text tower: ids 0, 1 and 2 are PAD, SOT (start of
 * text) and EOT (end of text), and ids from 3 are the caption words in code-point order.
 * Words are whitespace-separated, so `t-shirt/top` is one word.
 */
import { KilnError } from "@kiln/tensor";
import { allCaptions } from "../captions.js";
import { compareCodePoints, packSequences, type TokenBatch } from "./token-batch.js";

export const PAD_ID = 0;
export const SOT_ID = 1;
export const EOT_ID = 2;

/** Context length of the CLIP-tiny text tower, including SOT and EOT. */
export const WORD_CONTEXT_LENGTH = 16;

const SPECIAL_TOKENS = ["<pad>", "<sot>", "<eot>"];

function splitWords(text: string): string[] {
  return text.split(/\s+/u).filter((word) => word !== "");
}

export class WordTokenizer {
  /** Word of each id, with the special tokens `<pad>`, `<sot>` and `<eot>` at ids 0–2. */
  readonly words: readonly string[];
  private readonly ids: ReadonlyMap<string, number>;

  private constructor(
    sortedWords: readonly string[],
    readonly contextLength: number,
  ) {
    this.words = [...SPECIAL_TOKENS, ...sortedWords];
    this.ids = new Map(sortedWords.map((word, i) => [word, i + SPECIAL_TOKENS.length]));
  }

  /**
   * Builds the vocabulary from the set of words in `texts`, sorted by code point, exactly as
   * the PyTorch reference does. With no texts it uses every caption of every class under the
   * training and evaluation templates, which gives 32 words and a vocabulary of 35.
   */
  static fromCaptions(texts: Iterable<string> = allCaptions(), options: { contextLength?: number } = {}): WordTokenizer {
    const contextLength = options.contextLength ?? WORD_CONTEXT_LENGTH;
    if (!Number.isInteger(contextLength) || contextLength < 2) {
      throw new KilnError("WordTokenizer", `context length must be an integer ≥ 2 (room for SOT and EOT), got ${contextLength}`);
    }
    const words = new Set<string>();
    for (const text of texts) for (const word of splitWords(text)) words.add(word);
    return new WordTokenizer([...words].sort(compareCodePoints), contextLength);
  }

  /** Number of ids, special tokens included: the text tower's embedding rows. */
  get vocabSize(): number {
    return this.words.length;
  }

  /**
   * Converts one text to ids: SOT, the lower-cased words (cut to contextLength − 2), EOT.
   * Raises a KilnError naming the first word outside the vocabulary.
   */
  encode(text: string): number[] {
    const body = splitWords(text.toLowerCase()).map((word) => {
      const id = this.ids.get(word);
      if (id === undefined) {
        throw new KilnError("WordTokenizer", `word ${JSON.stringify(word)} in ${JSON.stringify(text)} is not in the vocabulary`);
      }
      return id;
    });
    return [SOT_ID, ...body.slice(0, this.contextLength - 2), EOT_ID];
  }

  /** Encodes `texts` into rows of `contextLength` ids, padded with PAD after EOT. */
  tokenize(texts: readonly string[]): TokenBatch {
    return packSequences(
      texts.map((text) => this.encode(text)),
      this.contextLength,
      PAD_ID,
    );
  }

  /** Converts ids back to text, dropping PAD, SOT and EOT. Raises a KilnError for an unknown id. */
  decode(ids: Iterable<number>): string {
    const words: string[] = [];
    for (const id of ids) {
      if (!Number.isInteger(id) || id < 0 || id >= this.words.length) {
        throw new KilnError("WordTokenizer", `token id ${id} is outside [0, ${this.words.length - 1}]`);
      }
      if (id >= SPECIAL_TOKENS.length) words.push(this.words[id]);
    }
    return words.join(" ");
  }
}
