// A finished run's fine-tuned encoder as the PLM of another run (paper Tables 5 and 6), and as a
// plain Hugging Face model directory (`biorex export-plm`). The trainer saves a run's model as the
// encoder (config.json + weights, loadable by AutoModel), its tokenizer with the added tag tokens,
// and the classification heads beside them (heads.safetensors, label_map.json): the encoder PLM is
// that folder without the heads, copied file by file after checking each file's sha256 against the
// run's artifacts in the store.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.ts';
import { tempPathFor } from '../files.ts';
import { sha256File } from '../hashing.ts';
import { parsePlmRef, runPlm, type PlmRef } from '../experiments/index.ts';
import { plmChain, type RunRecord, type TrackingStore } from '../tracking/index.ts';

/** Files of a trainer model folder that are the classifier, not the encoder. */
const HEAD_FILES = new Set(['heads.safetensors', 'label_map.json']);
/** Written into an exported encoder: where it comes from. */
export const PLM_PROVENANCE = 'biorex-plm.json';

function refError(store: TrackingStore, message: string, fix: string): InputError {
  return new InputError({ file: store.file, message, fix });
}

/**
 * The finished run a reference names: `run:HASH`, `EXPERIMENT/CONFIGURATION/ROW/SEED`, or (for the
 * CLI) a run id / hash prefix as `biorex runs show` takes. Throws, with the fix, when it names no
 * run, several, or a run that is not done.
 */
export function resolveRunRef(store: TrackingStore, ref: string | PlmRef): RunRecord {
  const parsed = typeof ref === 'string' ? parsePlmRef(ref) : ref;
  const text = typeof ref === 'string' ? ref : ref.text;
  let run: RunRecord;
  if (parsed === null) run = store.findRun(text);
  else if (parsed.kind === 'hash') run = store.findRun(parsed.hash);
  else {
    const links = store.experimentRuns(parsed.experiment);
    if (links.length === 0)
      throw refError(store, `plm '${text}': no experiment '${parsed.experiment}' with runs in the store`, `run that experiment first (biorex run / biorex reproduce), or name the run as run:HASH (biorex runs list)`);
    const rowOk = (l: (typeof links)[number]) =>
      (l.rowLabel ?? '').toLowerCase() === parsed.row.toLowerCase() || (/^\d+$/.test(parsed.row) && l.rowIndex + 1 === Number(parsed.row));
    const hits = [...new Map(links.filter((l) => l.configuration === parsed.configuration && l.seed === parsed.seed && rowOk(l)).map((l) => [l.id, l])).values()];
    if (hits.length === 0) {
      const rows = [...new Set(links.map((l) => l.rowLabel ?? String(l.rowIndex + 1)))];
      throw refError(store, `plm '${text}': experiment ${parsed.experiment} has no ${parsed.configuration} run of seed ${parsed.seed} in row '${parsed.row}'`, `rows are: ${rows.join(', ')} (or their numbers 1–${rows.length}); configurations and seeds as in its spec`);
    }
    if (hits.length > 1)
      throw refError(store, `plm '${text}' names ${hits.length} runs (${hits.map((h) => `run:${h.hash.slice(0, 12)} ${h.label}`).join('; ')})`, 'name one of them as run:HASH');
    run = store.getRunById(hits[0].id)!;
  }
  if (run.status !== 'done')
    throw refError(store, `plm '${text}': run ${run.id} (${run.label}) is ${run.status}, not done`, 'finish it first (biorex run its spec), then start from its encoder');
  return run;
}

/** The trainer's model folder of a done run. */
export function runModelDir(store: TrackingStore, run: RunRecord): string {
  const dir = run.runDir ? join(run.runDir, 'model') : undefined;
  if (!dir || !existsSync(join(dir, 'config.json')))
    throw refError(store, `run ${run.id} (${run.label}) has no model folder${dir ? ` at ${dir}` : ''}`, 'train it again (biorex run --rerun-failed after removing it), or point the store at the work dir that holds its run folder');
  return dir;
}

export interface ExportedPlm {
  dir: string;
  source: RunRecord;
  /** file name → sha256 (the encoder's files, heads left out). */
  files: Record<string, string>;
}

/**
 * Writes the encoder of a done run as a plain Hugging Face model folder: config, weights, tokenizer
 * (with the added tag tokens), and `biorex-plm.json` (the source run and its PLM chain). Every file is
 * checked against the sha256 the store recorded for the run's artifacts; the folder appears under its
 * name only when complete. `out` must not exist (or be an empty folder).
 */
export async function exportPlm(store: TrackingStore, ref: string | PlmRef, out: string): Promise<ExportedPlm> {
  const source = resolveRunRef(store, ref);
  const model = runModelDir(store, source);
  out = resolve(out);
  if (existsSync(out) && (!statSync(out).isDirectory() || readdirSync(out).length > 0))
    throw new InputError({ file: out, message: 'the export folder already exists and is not empty', fix: 'choose a new --out folder (or remove this one)' });
  const recorded = new Map(store.getArtifacts(source.id).filter((a) => a.kind === 'model').map((a) => [a.path.replace(/^model\//, ''), a.sha256]));
  const tmp = tempPathFor(out);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const files: Record<string, string> = {};
  try {
    for (const name of readdirSync(model).sort()) {
      if (HEAD_FILES.has(name) || !statSync(join(model, name)).isFile()) continue;
      const sha = await sha256File(join(model, name));
      const expected = recorded.get(name);
      if (expected && expected !== sha)
        throw new InputError({ file: join(model, name), message: `sha256 ${sha} differs from the ${expected} recorded when run ${source.id} finished`, fix: 'the run folder was changed or damaged: train the run again' });
      copyFileSync(join(model, name), join(tmp, name));
      files[name] = sha;
    }
    const provenance = {
      what: 'The fine-tuned encoder of a biorex-workbench run (its classification heads dropped): load it with transformers.AutoModel.from_pretrained.',
      source: { run: source.id, hash: source.hash, label: source.label, configuration: source.configuration, target: source.target, externals: source.externals, seed: source.seed },
      chain: plmChain(store, source).map((l) => ({ hash: l.hash, label: l.label, plm: l.plm })),
      plm: runPlm(source.hash),
      files,
    };
    writeFileSync(join(tmp, PLM_PROVENANCE), JSON.stringify(provenance, null, 2) + '\n');
    rmSync(out, { recursive: true, force: true });
    mkdirSync(dirname(out), { recursive: true });
    renameSync(tmp, out);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return { dir: out, source, files };
}

/** An exported encoder folder that is complete for this run (reused by the runner instead of copying again). */
export function exportedFor(dir: string, hash: string): boolean {
  try {
    const p = JSON.parse(readFileSync(join(dir, PLM_PROVENANCE), 'utf8')) as { source?: { hash?: string } };
    return p.source?.hash === hash && existsSync(join(dir, 'config.json'));
  } catch {
    return false;
  }
}
