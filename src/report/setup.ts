// The report's Setup section, built from what the store kept of each run (identity, config, timings,
// environment) and, when the experiment names a reference, compared with the paper's settings: a
// setting that differs is marked and listed in the "settings differ from the paper" note, whatever
// the profile. Values that vary across runs are listed with how many runs had each.
import { readFileSync } from 'node:fs';
import type { Environment, RunRecord } from '../tracking/index.ts';
import { fmtSeconds } from './format.ts';
import type { ReportSetup, SetupGroup, SetupRow } from './model.ts';
import type { PaperSettings } from './paper.ts';

export interface SetupExperiment {
  name: string;
  target: string;
  profile: string | null;
  specPath: string | null;
  sizes?: number[];
  criteria?: string[];
  evalSet?: string;
  /** `--set` overrides the experiment was run with ("training.lr=3e-5") */
  overrides: string[];
}

export interface SetupInput {
  experiments: SetupExperiment[];
  /** every run once */
  runs: RunRecord[];
  environments: ReadonlyMap<number, Environment>;
  /** the referenced paper's settings (no paper column without them) */
  paper?: { settings: PaperSettings; label: string };
  /** reads an instance set's manifest.json (default: from disk; undefined when unreadable) */
  readManifest?: (path: string) => Record<string, unknown> | undefined;
}

type TrainingKey = 'epochs' | 'batch_size' | 'lr' | 'warmup_ratio' | 'weight_decay' | 'max_length' | 'dropout' | 'grad_accum';

const TRAINING: { key: TrainingKey; label: string; paper?: keyof PaperSettings }[] = [
  { key: 'epochs', label: 'Epochs', paper: 'epochs' },
  { key: 'batch_size', label: 'Batch size', paper: 'batchSize' },
  { key: 'lr', label: 'Learning rate (peak)', paper: 'lr' },
  { key: 'warmup_ratio', label: 'Warm-up ratio', paper: 'warmupRatio' },
  { key: 'weight_decay', label: 'Weight decay', paper: 'weightDecay' },
  { key: 'max_length', label: 'Max length (word pieces)', paper: 'maxLength' },
  { key: 'dropout', label: 'Dropout' },
  { key: 'grad_accum', label: 'Gradient accumulation' },
];

/** 5e-5, not 0.00005; integers as they are. */
export function fmtValue(v: unknown): string {
  if (typeof v === 'number') return v !== 0 && Math.abs(v) < 0.01 ? v.toExponential() : String(v);
  if (v === null || v === undefined) return '–';
  return String(v);
}

/** One value, or each distinct value with how many runs had it. */
function distinct(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  if (counts.size <= 1) return [...counts.keys()][0] ?? '–';
  return [...counts].map(([v, n]) => `${v} (${n} run${n > 1 ? 's' : ''})`).join(', ');
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const trainOnText = (v: string) => (v === 'train+dev' ? 'train + dev' : v);

const training = (r: RunRecord) => (r.identity.training ?? {}) as Partial<Record<TrainingKey, number>>;
const dataOf = (r: RunRecord) => (r.identity.data ?? {}) as { train_on?: string; max_docs?: number | null };
const targetDocs = (r: RunRecord) => ((r.config?.meta ?? {}) as { target_docs?: { used: number; available: number } }).target_docs;

/** Training documents of the target a run used: measured by the runner, else what the spec says. */
function docsText(r: RunRecord): string {
  const d = targetDocs(r);
  if (d) return d.used === d.available ? `${d.used} (all)` : `${d.used} of ${d.available}`;
  const max = dataOf(r).max_docs;
  if (max) return `first ${max} per split (max_docs)`;
  return r.size === 1 ? 'all' : r.size < 1 ? `${r.size * 100} % sample` : `${r.size}`;
}

/** Does the run's document count differ from the paper's? undefined: cannot tell. */
function docsDiffer(r: RunRecord, paperDocs: number): boolean | undefined {
  const d = targetDocs(r);
  if (d) return d.used !== paperDocs;
  if (dataOf(r).max_docs || r.size !== 1) return true;
  return undefined;
}

function isGpu(env: Environment | undefined, r: RunRecord): boolean {
  if (env?.gpu) return true;
  const dev = (r.timings as { device?: unknown } | null)?.device;
  return typeof dev === 'string' && dev.startsWith('cuda');
}

function deviceName(env: Environment | undefined, r: RunRecord): string {
  const t = (r.timings ?? {}) as { device_name?: unknown; device?: unknown };
  const name = env?.gpu ?? (env?.device as string | undefined) ?? t.device_name ?? t.device;
  return typeof name === 'string' && name ? name : 'unknown device';
}

function defaultReadManifest(path: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export function buildSetup(input: SetupInput): ReportSetup {
  const runs = input.runs;
  const paper = input.paper?.settings;
  const differences: string[] = [];
  const row = (setting: string, ours: string, paperValue?: string, differs?: boolean): SetupRow => {
    if (differs && paperValue !== undefined) {
      const name = setting.replace(/ \(.*\)$/, '');
      differences.push(`${/^[A-Z]{2,}/.test(name) ? name : name[0].toLowerCase() + name.slice(1)} ${ours} (paper: ${paperValue})`);
    }
    return { setting, ours, ...(paperValue !== undefined ? { paper: paperValue, differs: !!differs } : {}) };
  };
  const groups: SetupGroup[] = [];

  // ---- model and training ----------------------------------------------------------------------
  const plmMatches = (plm: string) => !!paper && (norm(plm) === norm(paper.plm) || paper.hubIds.some((h) => norm(h) === norm(plm)));
  const model: SetupRow[] = [
    row('PLM', distinct(runs.map((r) => r.plm)), paper?.plm, paper ? runs.some((r) => !plmMatches(r.plm)) : undefined),
  ];
  for (const t of TRAINING) {
    const values = runs.map((r) => training(r)[t.key]);
    if (values.every((v) => v === undefined)) continue;
    const pv = t.paper && paper ? (paper[t.paper] as number) : undefined;
    model.push(row(t.label, distinct(values.map(fmtValue)), pv !== undefined ? fmtValue(pv) : undefined, pv !== undefined ? values.some((v) => v !== pv) : undefined));
  }
  groups.push({ title: 'Model and training', rows: model });

  // ---- data ------------------------------------------------------------------------------------
  const targets = [...new Set(input.experiments.map((e) => e.target))];
  const perTarget = (f: (r: RunRecord) => string) =>
    targets.length === 1
      ? distinct(runs.map(f))
      : targets.map((t) => `${t}: ${distinct(runs.filter((r) => r.target === t).map(f))}`).join('; ');
  const paperPerTarget = (m: Record<string, string | number> | undefined, show: (v: string | number) => string) => {
    if (!m) return undefined;
    const known = targets.filter((t) => m[t] !== undefined);
    if (known.length === 0) return undefined;
    return targets.length === 1 ? show(m[known[0]]) : known.map((t) => `${t}: ${show(m[t])}`).join('; ');
  };
  const data: SetupRow[] = [{ setting: targets.length > 1 ? 'Targets' : 'Target', ours: targets.join(', ') }];
  const trainOn = paper?.trainOn;
  data.push(
    row(
      'Target training data',
      perTarget((r) => trainOnText(dataOf(r).train_on ?? 'train')),
      paperPerTarget(trainOn, (v) => trainOnText(String(v))),
      trainOn ? runs.some((r) => trainOn[r.target] !== undefined && (dataOf(r).train_on ?? 'train') !== trainOn[r.target]) : undefined,
    ),
  );
  // counted by the runner when a run starts: runs not started yet do not count
  const started = runs.filter((r) => r.config !== null);
  const paperDocs = paper?.trainingDocuments;
  if (started.length)
    data.push(
      row(
        'Target training documents',
        targets.length === 1
          ? distinct(started.map(docsText))
          : targets.map((t) => `${t}: ${distinct(started.filter((r) => r.target === t).map(docsText))}`).join('; '),
        paperPerTarget(paperDocs, String),
        paperDocs ? started.some((r) => paperDocs[r.target] !== undefined && docsDiffer(r, paperDocs[r.target]) === true) : undefined,
      ),
    );
  const maxDocs = runs.map((r) => dataOf(r).max_docs).filter((x): x is number => typeof x === 'number');
  if (maxDocs.length) data.push({ setting: 'Document limit (max_docs)', ours: distinct(maxDocs.map((m) => `first ${m} per corpus and split`)) });
  const sizes = [...new Set(input.experiments.flatMap((e) => e.sizes ?? []))];
  if (sizes.length > 1) data.push({ setting: 'Training sizes', ours: sizes.join(', ') });
  const folds = runs.filter((r) => r.fold !== null).map((r) => r.fold!);
  if (folds.length) data.push({ setting: 'Cross-validation folds', ours: String(new Set(folds).size) });
  const evalSets = [...new Set(input.experiments.map((e) => e.evalSet).filter((x): x is string => !!x))];
  if (evalSets.length) data.push({ setting: 'Evaluated on', ours: evalSets.join(', ') });
  const criteria = [...new Set(input.experiments.flatMap((e) => e.criteria ?? []))];
  if (criteria.length) data.push({ setting: 'Criteria scored', ours: criteria.join(', ') });
  groups.push({ title: 'Data', rows: data });

  // ---- runs --------------------------------------------------------------------------------------
  const byStatus = new Map<string, number>();
  for (const r of runs) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
  const runRows: SetupRow[] = [
    { setting: 'Seeds', ours: [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b).join(', ') || '–' },
    { setting: 'Runs', ours: `${runs.length} (${[...byStatus].map(([s, n]) => `${n} ${s}`).join(', ') || 'none'})` },
  ];
  const profiles = [...new Set(input.experiments.map((e) => e.profile).filter((p): p is string => !!p))];
  runRows.push({ setting: 'Profile', ours: profiles.length ? profiles.join(', ') : 'none (the spec as written)' });
  const overrides = [...new Set(input.experiments.flatMap((e) => e.overrides))];
  if (overrides.length) runRows.push({ setting: 'Overrides (--set)', ours: overrides.join('; ') });
  const specs = [...new Set(input.experiments.map((e) => e.specPath).filter((p): p is string => !!p))];
  if (specs.length) runRows.push({ setting: specs.length > 1 ? 'Spec files' : 'Spec file', ours: specs.join(', ') });
  groups.push({ title: 'Runs', rows: runRows });

  // ---- software ------------------------------------------------------------------------------------
  const envOf = (r: RunRecord) => (r.environmentId !== null ? input.environments.get(r.environmentId) : undefined);
  const ran = runs.filter((r) => envOf(r));
  const envValues = (f: (e: Environment) => unknown) => {
    const vs = ran.map((r) => f(envOf(r)!)).filter((v) => v !== null && v !== undefined && v !== '').map(String);
    return vs.length ? distinct(vs) : undefined;
  };
  const trainers = runs.map((r) => r.identity.trainer).filter((v): v is string => typeof v === 'string');
  const software: [string, string | undefined][] = [
    ['biorex-workbench (git)', envValues((e) => (e.gitCommit ? `${String(e.gitCommit).slice(0, 10)}${e.gitDirty ? ' (uncommitted changes)' : ''}` : null))],
    ['Trainer (biorex_trainer)', trainers.length ? distinct(trainers) : undefined],
    ['Node.js', envValues((e) => e.node)],
    ['Python', envValues((e) => e.python)],
    ['PyTorch', envValues((e) => e.torch)],
    ['transformers', envValues((e) => e.transformers)],
    ['tokenizers', envValues((e) => e.tokenizers)],
    ['CUDA', envValues((e) => e.cuda)],
    ['Platform', envValues((e) => e.platform)],
  ];
  const sw = software.filter((x): x is [string, string] => x[1] !== undefined).map(([setting, ours]) => ({ setting, ours }));
  if (sw.length) groups.push({ title: 'Software', rows: sw });

  // ---- hardware and time ---------------------------------------------------------------------------
  const hw: SetupRow[] = [];
  const finished = runs.filter((r) => r.durationS !== null);
  if (finished.length) {
    const devices = new Map<string, { n: number; s: number }>();
    for (const r of finished) {
      const d = deviceName(envOf(r), r);
      const x = devices.get(d) ?? { n: 0, s: 0 };
      x.n++;
      x.s += r.durationS!;
      devices.set(d, x);
    }
    hw.push({ setting: devices.size > 1 ? 'Devices' : 'Device', ours: [...devices].map(([d, x]) => `${d} (${x.n} run${x.n > 1 ? 's' : ''})`).join(', ') });
    const hosts = envValues((e) => e.host);
    if (hosts) hw.push({ setting: 'Host', ours: hosts });
    const precision = envValues((e) => e.precision);
    if (precision) hw.push({ setting: 'Precision', ours: precision });
    const gpu = finished.filter((r) => isGpu(envOf(r), r));
    const cpu = finished.filter((r) => !isGpu(envOf(r), r));
    const total = (xs: RunRecord[]) => `${fmtSeconds(xs.reduce((a, r) => a + r.durationS!, 0))} over ${xs.length} run${xs.length > 1 ? 's' : ''}`;
    hw.push({ setting: 'GPU time', ours: gpu.length ? total(gpu) : 'none' });
    hw.push({ setting: 'CPU time', ours: cpu.length ? total(cpu) : 'none' });
    const train = finished.map((r) => (r.timings as { train_seconds?: unknown } | null)?.train_seconds).filter((x): x is number => typeof x === 'number');
    if (train.length) hw.push({ setting: 'of which training', ours: fmtSeconds(train.reduce((a, b) => a + b, 0)) });
  }
  if (hw.length) groups.push({ title: 'Hardware and time', rows: hw });

  // ---- input skipped by lenient builds ---------------------------------------------------------------
  const read = input.readManifest ?? defaultReadManifest;
  const manifests = new Set<string>();
  for (const r of runs) for (const k of ['manifest', 'stage1_manifest']) if (typeof r.config?.[k] === 'string') manifests.add(r.config[k] as string);
  const skipped: ReportSetup['skipped'] = [];
  for (const path of [...manifests].sort()) {
    const m = read(path);
    const s = m?.skipped as { total?: number; first?: string[] } | undefined;
    if (s && typeof s.total === 'number' && s.total > 0) skipped.push({ set: String(m!.name ?? path), manifest: path, total: s.total, first: (s.first ?? []).map(String) });
  }

  return {
    groups,
    differences,
    paperLabel: input.paper?.label,
    paperSource: paper?.source,
    skipped,
  };
}
