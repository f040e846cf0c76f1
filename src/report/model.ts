// The report's own input model: a plain data structure that the renderers read. It knows nothing
// about SQLite or specs; `from-store.ts` builds it from the tracking store, tests and benches build
// it by hand. Every string in it is untrusted text (experiment names, corpus names, config values,
// error messages) and is escaped by the renderers.
//
// Units: every score (P, R, F, paper values, differences) is a percentage 0–100, as in the paper.

/** One measured unit of a cell: a seed's run, or a cross-validation fold. */
export interface Score {
  /** what the unit is, shown in the appendix and used to pair units across columns: "seed 13", "fold 3" */
  unit: string;
  f: number;
  p?: number;
  r?: number;
  tp?: number;
  fp?: number;
  fn?: number;
  /** the run this score came from (links the cell to the appendix) */
  runId?: string;
}

export interface Cell {
  /** false: the configuration does not apply to this row (e.g. TL/MTL with EMU) → shown as "–" */
  applicable: boolean;
  /** per-seed / per-fold scores; mean ± sd is computed over them. Empty while runs are missing. */
  scores: Score[];
  /** p-value of the table's test against the baseline column, in this row (undefined: not tested) */
  p?: number;
  /** p after a multiple-comparison correction (e.g. Holm over the configurations compared with the baseline) */
  pAdjusted?: number;
  /** compared with the baseline but no test could be run: why ("not testable: n = 2 < 3", zero variance) */
  notTestable?: string;
  /** the paper's value for this cell (null: the paper prints "–") */
  paper?: number | null;
  /** shown beside the paper value, e.g. the SOTA system's name */
  paperNote?: string;
  /** runs expected for this cell that have no result (failed, running, not started) */
  missing?: number;
  /** finished runs with no result on the table's criterion: scored on other criteria only */
  notScored?: number;
  /** runs of the cell that predict no relation at all (evaluation/degenerate.ts) */
  degenerate?: number;
}

export interface Column {
  /** configuration id: original, tl, mtl, biorex, … (or a reference-only column such as sota) */
  id: string;
  /** header text: Original, Target, TL, … */
  label: string;
  /** true: the column holds only paper values (e.g. SOTA); never bold, never tested */
  referenceOnly?: boolean;
}

export interface TableRow {
  id: string;
  /** training combination (Table 3 layout, e.g. "BioRED+BC5CDR") or test corpus (Table 4 layout) */
  label: string;
  /** entity pair the row is scored on: "<C,D>", …, "All" */
  pair: string;
  /** summary rows (Table 4's Average) are drawn below a rule */
  kind?: 'data' | 'summary';
  /** keyed by column id; a column without a cell is rendered as empty */
  cells: Record<string, Cell>;
  note?: string;
  /** external corpora of a training combination (Table 3 layout), used to match the paper's row */
  external?: string[];
  /** the row trains on every external corpus available (spec `external: all`): matches the paper's "+8 datasets" row */
  externalAll?: boolean;
  /** test corpus (Table 4 layout), used to match the paper's row */
  testSet?: string;
  /** the experiment the row comes from (Table 4 layout) */
  experiment?: string;
}

/** A statistical comparison between two columns, ours or the paper's. */
export interface Comparison {
  /** row id, or undefined for a comparison over the whole table */
  row?: string;
  /** the row's label as shown (for comparisons from the paper, which only know labels) */
  rowLabel?: string;
  a: string;
  b: string;
  /** undefined when the comparison was not testable (see notTestable) */
  p?: number;
  pAdjusted?: number;
  /** why no test was run ("not testable: n = 2 < 3", zero variance) */
  notTestable?: string;
  statistic?: number;
  /** number of paired units the test used */
  n?: number;
  source: 'ours' | 'paper';
}

export interface TestDescription {
  /** e.g. "paired t-test (two-sided)" */
  name: string;
  /** what the paired units are: "seeds", "folds", "rows (test sets)" */
  units: string;
  alpha: number;
  /** e.g. "Holm over the 3 configurations compared with Original" */
  correction?: string;
}

export interface ResultTable {
  id: string;
  /**
   * 'training-sets' = paper Table 3 layout; 'test-sets' = paper Table 4 layout; 'plm-columns' = paper
   * Tables 5 and 6: one column per PLM (the first is the baseline), rows = what is measured.
   */
  layout: 'training-sets' | 'test-sets' | 'plm-columns';
  /** Headers of the two row columns (default by layout: Training set / Test set, Pair). */
  rowHeaders?: [string, string];
  /** What the cells measure (default "F-score"), e.g. "Score" when rows are P, R and F. */
  metric?: string;
  title: string;
  /** extra sentences for the caption (what the rows are scored on, …) */
  caption?: string;
  /** evaluation criterion the F-scores are for, e.g. "pair + relation type" */
  criterion?: string;
  /** evaluation set, e.g. "BioRED/test" */
  evalSet?: string;
  /** the command that scores runs not scored on this table's criterion, e.g. "biorex rescore table3 --criteria pair+novelty" */
  rescoreHint?: string;
  columns: Column[];
  /** column id the `*` and the p-values are computed against */
  baseline: string;
  test: TestDescription;
  rows: TableRow[];
  comparisons?: Comparison[];
  /** e.g. "paper Table 3" when the paper values come from a reference */
  paperLabel?: string;
  notes?: string[];
}

export interface CurvePoint {
  step: number;
  value: number;
}

export interface TrainingCurve {
  runId: string;
  /** configuration id (colour) */
  configuration: string;
  /** metric key, e.g. "train/loss", "dev/loss" (one chart per key) */
  key: string;
  points: CurvePoint[];
}

export interface SizePoint {
  configuration: string;
  /** number of training documents */
  size: number;
  seed?: number;
  f: number;
}

export interface SizeSweep {
  xLabel?: string;
  points: SizePoint[];
  /** the paper's points (Supplementary Figure 1), overlaid when the experiment names a reference */
  paper?: { configuration: string; label?: string; size: number; f: number }[];
}

export interface PlmResult {
  plm: string;
  source: 'ours' | 'paper';
  p?: number;
  r?: number;
  f: number;
  /** sd of F over seeds, when several */
  fSd?: number;
  seeds?: number;
  trainSecondsPerEpoch?: number;
  predictSecondsPer1000Pairs?: number;
  /** where the timings were measured, e.g. "NVIDIA H100", "CPU (2 cores)"; the paper rows say GPU/CPU */
  device?: string;
}

export interface PlmComparison {
  rows: PlmResult[];
}

export interface RunEntry {
  id: string;
  configuration: string;
  /** table row the run belongs to (label), when any */
  row?: string;
  plm?: string;
  seed?: number;
  size?: number;
  fold?: number;
  status: string;
  /** the run predicts no relation at all: the flag's wording (evaluation/degenerate.ts) */
  degenerate?: string;
  error?: string;
  /** the run's configuration, logged verbatim (shown as JSON) */
  config: Record<string, unknown>;
  /** key into ReportModel.environments (identical environments are listed once) */
  environment?: string;
  /** seconds by phase, e.g. { train: 812.3, predict: 40.1, total: 860 } */
  timings?: Record<string, number>;
  startedAt?: string;
  finishedAt?: string;
  /** prediction files: absolute paths or paths relative to the report's output folder */
  predictions?: { label: string; path: string }[];
  /** anything else worth keeping (raw timings, identity, attempts), shown as JSON in the details */
  extra?: Record<string, unknown>;
}

export interface ExperimentMeta {
  name: string;
  title: string;
  description?: string;
  target?: string;
  plms?: string[];
  configurations?: string[];
  seeds?: number[];
  sizes?: number[];
  specPath?: string;
  storePath?: string;
  /** e.g. { id: 'paper/biorex-2023#table3', citation: 'Lai et al. …' } */
  reference?: { id: string; citation?: string };
  /** ISO date; default: now */
  generatedAt?: string;
  generator?: string;
}

/** One line of the Setup table: this experiment's value and, with a reference, the paper's. */
export interface SetupRow {
  setting: string;
  /** as shown; values that vary across runs are listed with their run counts */
  ours: string;
  /** the referenced paper's value (absent: the paper states none, or no reference) */
  paper?: string;
  /** ours differs from the paper's */
  differs?: boolean;
}

export interface SetupGroup {
  title: string;
  rows: SetupRow[];
}

export interface ReportSetup {
  groups: SetupGroup[];
  /** the settings that differ from the paper's, one phrase each ("epochs 1 (paper: 10)") */
  differences: string[];
  /** e.g. "Lai et al. 2023" — the paper the values come from */
  paperLabel?: string;
  /** where the paper's settings come from */
  paperSource?: string;
  /** input skipped while building the instance sets (--lenient), from their manifests */
  skipped: { set: string; manifest: string; total: number; first: string[] }[];
}

export interface ReportModel {
  experiment: ExperimentMeta;
  /** display names of configurations: { original: 'Original', tl: 'TL', … } */
  configurationLabels?: Record<string, string>;
  tables: ResultTable[];
  curves?: TrainingCurve[];
  sizeSweep?: SizeSweep;
  plmComparison?: PlmComparison;
  runs: RunEntry[];
  environments?: Record<string, Record<string, unknown>>;
  /** the Setup section: PLM, hyper-parameters, data, seeds, versions, hardware, time */
  setup?: ReportSetup;
  /** free-text notes shown at the top (e.g. what is missing) */
  notes?: string[];
  /** where the prediction links point: into the work dir (default) or at copies in the report folder */
  predictionLinks?: 'work-dir' | 'copied';
}

export const DEFAULT_CONFIGURATION_LABELS: Record<string, string> = {
  original: 'Original',
  target: 'Target',
  tl: 'TL',
  mtl: 'MTL',
  biorex: 'BioREx',
  sota: 'SOTA',
};

export function configurationLabel(model: ReportModel, id: string): string {
  return model.configurationLabels?.[id] ?? DEFAULT_CONFIGURATION_LABELS[id] ?? id;
}
