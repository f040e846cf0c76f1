// `plm:` naming a finished run: that run's fine-tuned encoder (its classification heads dropped) is
// the PLM of a new run (paper Tables 5 and 6: the BioRED and BioREx encoders on unseen tasks).
//
//   run:HASH                                    a run by (a unique prefix of) its hash
//   EXPERIMENT/CONFIGURATION/ROW/SEED           the run of that table cell: configuration of the
//                                               spec, ROW = the row label (as in reports) or its
//                                               1-based number, SEED = the seed
//
// Anything else (a hub id such as `microsoft/BiomedNLP-…`, a local directory, `tiny`) is a PLM as before.
// Resolving a reference needs the tracking store (runner/encoders.ts); this module only parses.
import { CONFIGURATIONS, type Configuration } from './schema.ts';

export type PlmRef =
  | { kind: 'hash'; hash: string; text: string }
  | { kind: 'cell'; experiment: string; configuration: Configuration; row: string; seed: number; text: string };

const HASH_REF = /^run:([0-9a-f]{4,64})$/i;

/** The run reference a `plm` value names, or null for an ordinary PLM. A malformed `run:` value throws. */
export function parsePlmRef(plm: string): PlmRef | null {
  if (plm.startsWith('run:')) {
    const m = HASH_REF.exec(plm.trim());
    if (!m) throw new Error(`'${plm}' is not a run reference: write run: followed by 4 to 64 hex digits of the run's hash`);
    return { kind: 'hash', hash: m[1].toLowerCase(), text: plm };
  }
  const parts = plm.split('/');
  if (parts.length === 4 && (CONFIGURATIONS as readonly string[]).includes(parts[1]) && /^\d+$/.test(parts[3]) && parts[0] !== '' && parts[2] !== '')
    return { kind: 'cell', experiment: parts[0], configuration: parts[1] as Configuration, row: parts[2], seed: Number(parts[3]), text: plm };
  return null;
}

/** The canonical form stored as a resolved run's `plm` (and so in the identity of every run that uses it). */
export function runPlm(hash: string): string {
  return `run:${hash}`;
}

/** A short label for run labels and report columns, before the reference is resolved. */
export function plmRefLabel(ref: PlmRef): string {
  return ref.kind === 'hash' ? `run ${ref.hash.slice(0, 8)} encoder` : `${ref.experiment}/${ref.configuration} encoder`;
}
