// The model's own tokenizer, in JS: tokenizer.json (Hugging Face `tokenizers` format, as saved by
// the trainer) read with @huggingface/tokenizers. Long texts are cut with the trainer's context
// window (window.ts: prompt kept, body window around the entity tags) so that body + the template's
// special tokens ([CLS] … [SEP]) fit in `maxLength` — the same ids the trainer feeds PyTorch.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { InputError } from '../errors.ts';
import { fitWindow, type TagIds } from './window.ts';

export interface EncodedText {
  ids: number[];
  /** True when the text had more word pieces than fit and was cut. */
  truncated: boolean;
}

export class ModelTokenizer {
  readonly padId: number;
  readonly sepId: number | undefined;
  /** Number of special tokens the post-processor adds around a single sequence. */
  readonly specialCount: number;
  private readonly tok: Tokenizer;

  constructor(tokenizerJson: object, tokenizerConfig: Record<string, unknown> = {}, readonly source = 'tokenizer.json') {
    this.tok = new Tokenizer(tokenizerJson, tokenizerConfig);
    this.specialCount = this.postProcess([]).length;
    const padToken =
      (tokenizerJson as { padding?: { pad_token?: string } }).padding?.pad_token ??
      (typeof tokenizerConfig.pad_token === 'string' ? tokenizerConfig.pad_token : undefined) ??
      '[PAD]';
    this.padId = this.tok.token_to_id(padToken) ?? 0;
    const sepToken = typeof tokenizerConfig.sep_token === 'string' ? tokenizerConfig.sep_token : '[SEP]';
    this.sepId = this.tok.token_to_id(sepToken);
  }

  /** Id of a token (special tokens included), or undefined when the vocabulary lacks it. */
  tokenId(token: string): number | undefined {
    return this.tok.token_to_id(token);
  }

  /** Loads `tokenizer.json` (+ `tokenizer_config.json` when present) from a model directory. */
  static fromDir(dir: string): ModelTokenizer {
    const file = join(dir, 'tokenizer.json');
    if (!existsSync(file)) {
      throw new InputError({
        file: dir,
        message: 'no tokenizer.json in the model directory',
        fix: 'point --model at a trained run directory (the trainer saves tokenizer.json beside the model), or re-run the trainer',
      });
    }
    const configFile = join(dir, 'tokenizer_config.json');
    const config = existsSync(configFile) ? (JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>) : {};
    // The JS tokenizer only needs a few plain fields from the config; chat templates etc. are irrelevant.
    return new ModelTokenizer(JSON.parse(readFileSync(file, 'utf8')), config, file);
  }

  /** Word pieces of `text` without special tokens. */
  tokens(text: string): string[] {
    return this.tok.tokenize(text, { add_special_tokens: false });
  }

  /**
   * Ids of `[CLS] text [SEP]`, at most `maxLength` long. Without `tags` a long text is cut from the
   * end (Hugging Face `truncation=True`); with them, with the trainer's entity-keeping window.
   */
  encode(text: string, maxLength: number, tags: TagIds): EncodedText {
    const pieces = this.tokens(text).map((t) => this.idOf(t));
    const budget = maxLength - this.specialCount;
    const truncated = pieces.length > budget;
    const body = truncated ? fitWindow(pieces, budget, this.sepId, tags) : pieces;
    return { ids: this.withSpecialIds(body), truncated };
  }

  /** [CLS] ids [SEP] (whatever the template says), on ids. */
  private withSpecialIds(ids: number[]): number[] {
    const marker = '\u0000body\u0000';
    const out: number[] = [];
    for (const t of this.postProcess([marker])) {
      if (t === marker) out.push(...ids);
      else out.push(this.idOf(t));
    }
    return out;
  }

  private postProcess(tokens: string[]): string[] {
    // The post-processor is public on the JS Tokenizer (callable); it adds [CLS]/[SEP] per the template.
    const pp = this.tok.post_processor as unknown as
      | ((a: string[], b: string[] | null, add: boolean) => { tokens: string[] })
      | null;
    return pp ? pp(tokens, null, true).tokens : tokens;
  }

  private idOf(token: string): number {
    const id = this.tok.token_to_id(token);
    if (id === undefined) throw new Error(`${this.source}: token ${JSON.stringify(token)} has no id (corrupt tokenizer.json?)`);
    return id;
  }
}
