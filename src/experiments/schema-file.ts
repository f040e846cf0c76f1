// experiments/schema.json is generated from the zod schema (one source of truth). Regenerate with
// `npx tsx src/experiments/schema-file.ts`; test/experiments checks that the file is up to date.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA_FILE } from '../locations.ts';
import { experimentJsonSchema } from './schema.ts';

export function schemaFileText(): string {
  return JSON.stringify(experimentJsonSchema(), null, 2) + '\n';
}

export function schemaFileUpToDate(file = SCHEMA_FILE): boolean {
  try {
    return readFileSync(file, 'utf8') === schemaFileText();
  } catch {
    return false;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(SCHEMA_FILE, schemaFileText());
  console.log(`wrote ${SCHEMA_FILE}`);
}
