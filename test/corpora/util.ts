// Test helpers for the corpora suites.
import { expect } from 'chai';
import { InputError } from '../../src/errors.ts';
import type { Document } from '../../src/corpora/index.ts';

/** A document without source refs (refs name files and lines, which differ between copies). */
export function withoutRefs(doc: Document): Omit<Document, 'ref'> {
  return {
    id: doc.id,
    passages: doc.passages,
    mentions: doc.mentions.map(({ ref: _r, ...m }) => m),
    relations: doc.relations.map(({ ref: _r, ...r }) => r),
  };
}

/** Same as withoutRefs, also without BioC annotation ids (PubTator has none). */
export function comparable(doc: Document): Omit<Document, 'ref'> {
  const d = withoutRefs(doc);
  return { ...d, mentions: d.mentions.map(({ annotationId: _a, ...m }) => m) };
}

/** Runs `fn`, expects an InputError and returns it. */
export async function expectInputError(fn: () => unknown): Promise<InputError> {
  try {
    await fn();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return e;
  }
  expect.fail('expected an InputError');
}
