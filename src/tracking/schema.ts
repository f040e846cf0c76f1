// Numbered migrations of the tracking store. `PRAGMA user_version` records the last one applied;
// `PRAGMA application_id` marks the file as ours (a foreign SQLite file is never touched).

/** 'BREX' as a 32-bit integer: the SQLite application_id of a biorex tracking store. */
export const APPLICATION_ID = 0x42524558;

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'experiments, runs, attempts, metrics, results, artifacts, environments',
    sql: `
CREATE TABLE environments (
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  git_commit TEXT, git_dirty INTEGER,
  node TEXT, python TEXT, torch TEXT, transformers TEXT, cuda TEXT,
  gpu TEXT, host TEXT, platform TEXT,
  json TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE experiments (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  title TEXT,
  spec_path TEXT,
  profile TEXT,
  reference TEXT,
  spec_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  configuration TEXT NOT NULL,
  mode TEXT NOT NULL,
  target TEXT NOT NULL,
  externals TEXT NOT NULL,
  plm TEXT NOT NULL,
  seed INTEGER NOT NULL,
  size REAL NOT NULL,
  fold INTEGER,
  identity_json TEXT NOT NULL,
  config_json TEXT,
  run_dir TEXT,
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'running', 'done', 'failed', 'interrupted')),
  claim_token TEXT, claim_host TEXT, claim_pid INTEGER, heartbeat_at REAL,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  started_at TEXT, finished_at TEXT,
  duration_s REAL,
  timings_json TEXT,
  error_kind TEXT, error TEXT, stderr_tail TEXT,
  environment_id INTEGER REFERENCES environments(id)
);
CREATE INDEX runs_status ON runs(status);
CREATE TABLE experiment_runs (
  experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  row_index INTEGER NOT NULL,
  row_label TEXT,
  pair TEXT,
  PRIMARY KEY (experiment_id, run_id, row_index)
);
CREATE TABLE attempts (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  attempt INTEGER NOT NULL,
  resumed INTEGER NOT NULL,
  host TEXT, pid INTEGER, trainer_pid INTEGER,
  started_at TEXT NOT NULL, ended_at TEXT,
  outcome TEXT, exit_code INTEGER, signal TEXT,
  UNIQUE (run_id, attempt)
);
CREATE TABLE metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  step INTEGER NOT NULL,
  value REAL,
  epoch REAL,
  PRIMARY KEY (run_id, key, step)
) WITHOUT ROWID;
CREATE TABLE results (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  eval_set TEXT NOT NULL,
  criterion TEXT NOT NULL,
  pair_type TEXT NOT NULL,
  tp INTEGER, fp INTEGER, fn INTEGER,
  precision REAL, recall REAL, f1 REAL,
  scorer TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (run_id, eval_set, criterion, pair_type)
);
CREATE TABLE artifacts (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  path TEXT NOT NULL,
  sha256 TEXT,
  bytes INTEGER,
  created_at TEXT NOT NULL,
  PRIMARY KEY (run_id, kind, path)
);
`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** Tables a store of the current schema must have (checked before opening an existing file). */
export const EXPECTED_TABLES = [
  'environments',
  'experiments',
  'runs',
  'experiment_runs',
  'attempts',
  'metrics',
  'results',
  'artifacts',
];
