// Predicted relations from a PubTator file: only the relation lines are read.
// A prediction file need not repeat the text and mentions (entity types come from the gold
// documents), and a relation naming an id the gold document lacks must stay visible as a false
// positive rather than be dropped by document validation — so this is not the corpus reader.
import { InputError } from '../errors.ts';
import { isNegativeLabel } from '../vocabulary.ts';
import type { PredictedPair } from './types.ts';

const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A predicted relation's 5th field is a score (when numeric, as in the authors' files) or a novelty flag. */
export function fifthField(value: string | undefined): { novelty?: string; score?: number } {
  if (value === undefined || value === '') return {};
  return NUMERIC.test(value) ? { score: Number(value) } : { novelty: value };
}

const TEXT_LINE = /^[^\t|]+\|[ta]\|/;
const INTEGER = /^\d+$/;

/**
 * `PMID<TAB>Type<TAB>ID1<TAB>ID2[<TAB>x]` lines → predicted pairs; `x` is a score when numeric
 * (the authors' prediction files), a novelty flag (`Novel` / `No`) otherwise. Composite ids are
 * kept as written (the scorer splits them). Labels starting with `None` are not relations and are skipped.
 */
export function parsePredictedRelations(text: string, file = 'predictions.pubtator'): PredictedPair[] {
  const out: PredictedPair[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (line.trim() === '' || TEXT_LINE.test(line)) continue;
    const f = line.split('\t');
    if ((f.length === 6 || f.length === 7) && INTEGER.test(f[1])) continue; // a mention line
    if ((f.length !== 4 && f.length !== 5) || INTEGER.test(f[1]) || !f[2] || !f[3]) {
      throw new InputError({
        file,
        line: i + 1,
        message: `not a PubTator relation, mention or text line (${f.length} tab-separated fields)`,
        fix: 'write relations as PMID<TAB>Type<TAB>ID1<TAB>ID2[<TAB>score or novelty]',
      });
    }
    if (isNegativeLabel(f[1])) continue;
    out.push({ doc: f[0], id1: f[2], id2: f[3], type: f[1], ...fifthField(f[4]) });
  }
  return out;
}
