// The one XML parsing path of the corpus readers (BioC XML, DDI, PPI-benchmark XML), on
// fast-xml-parser with bounded entity expansion and nesting. Every parser failure — malformed XML,
// a limit hit, an external entity — becomes an input problem naming the file, what was hit and the
// fix, instead of a raw stack trace.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { InputProblem, ProblemSink } from '../errors.ts';

/**
 * Limits of one parsed file. What the real corpora need (bench/hostile-inputs.ts measures it): no
 * DTD entity declarations at all (the BioC files only name an external DTD, which is never read), at
 * most a few hundred references to the built-in entities per file (`&lt;` `&amp;` …; they shorten the
 * text, so the expanded length never grows), and 5 levels of nesting (BioC collection › document ›
 * passage › annotation › location). The limits leave wide room above that and stop an expansion
 * bomb after at most `maxExpandedLength` extra characters.
 */
export const XML_LIMITS = {
  /** Entities a DTD may declare. */
  maxEntityCount: 64,
  /** Characters of one declared entity's value. */
  maxEntitySize: 4096,
  /** Entity references expanded in one file (built-in and declared, text and attributes). */
  maxTotalExpansions: 100_000,
  /** Characters the expansions may add to the file's text in total. */
  maxExpandedLength: 1_000_000,
  /** Depth of element nesting. */
  maxNestedTags: 100,
} as const;

export const XML_META = XMLParser.getMetaDataSymbol() as unknown as symbol;

/** A parser with the readers' common settings: text kept exactly (offsets depend on it), limits on. */
export function corpusXmlParser(o: { arrays: readonly string[]; attributeNamePrefix: string }): XMLParser {
  const arrays = new Set(o.arrays);
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: o.attributeNamePrefix,
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (name) => arrays.has(name),
    captureMetaData: true,
    maxNestedTags: XML_LIMITS.maxNestedTags,
    processEntities: {
      enabled: true,
      maxEntityCount: XML_LIMITS.maxEntityCount,
      maxEntitySize: XML_LIMITS.maxEntitySize,
      maxTotalExpansions: XML_LIMITS.maxTotalExpansions,
      maxExpandedLength: XML_LIMITS.maxExpandedLength,
    },
  });
}

const BOMB_FIX = 'remove the <!DOCTYPE …[ … ]> entity declarations (corpus files never need them); if the file is a real corpus, fetch it again (biorex data fetch)';

/** fast-xml-parser's error → which limit or rule was hit, in words. */
function describeParserError(message: string): Pick<InputProblem, 'message' | 'fix'> {
  let m: RegExpExecArray | null;
  if (/External entities are not supported/i.test(message))
    return {
      message: 'the DTD declares an external entity (<!ENTITY … SYSTEM/PUBLIC "…">), which is refused: it could read local files or the network (XXE)',
      fix: 'remove the external entity declaration; corpus files never need one',
    };
  if ((m = /Entity expansion count limit exceeded: (\d+) > (\d+)/.exec(message)))
    return { message: `entity-expansion limit hit: more than ${m[2]} entity references expanded in one file (XML_LIMITS.maxTotalExpansions)`, fix: BOMB_FIX };
  if ((m = /Expanded content length limit exceeded: (\d+) > (\d+)/.exec(message)))
    return { message: `expanded-length limit hit: entity expansion would add more than ${m[2]} characters (XML_LIMITS.maxExpandedLength; an entity-expansion bomb)`, fix: BOMB_FIX };
  if ((m = /Entity count \((\d+)\) exceeds maximum allowed \((\d+)\)/.exec(message)))
    return { message: `entity-declaration limit hit: the DTD declares more than ${m[2]} entities (XML_LIMITS.maxEntityCount)`, fix: BOMB_FIX };
  if ((m = /Entity "(.*)" size \((\d+)\) exceeds maximum allowed size \((\d+)\)/.exec(message)))
    return { message: `entity-size limit hit: the DTD entity "${m[1]}" is ${m[2]} characters, more than ${m[3]} (XML_LIMITS.maxEntitySize)`, fix: BOMB_FIX };
  if (/Maximum nested tags exceeded/i.test(message))
    return { message: `nesting limit hit: elements nested more than ${XML_LIMITS.maxNestedTags} levels deep (XML_LIMITS.maxNestedTags)`, fix: 'give a corpus file of the expected format (BioC nests 5 levels deep); the file may be damaged or hostile' };
  return { message: `cannot parse the XML: ${message}`, fix: 'repair the XML (the file may be truncated or damaged: fetch it again)' };
}

/**
 * Checks and parses one XML text. Returns the parsed root, or `undefined` after reporting the problem
 * (strict sinks throw it). `damagedFix` is the fix for malformed XML (e.g. "fetch it again").
 */
export function parseCorpusXml(parser: XMLParser, text: string, o: { file: string; sink: ProblemSink; damagedFix: string }): unknown {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    o.sink.report({ file: o.file, line: valid.err.line, message: `not well-formed XML: ${valid.err.msg}`, fix: o.damagedFix });
    return undefined;
  }
  try {
    return parser.parse(text);
  } catch (e) {
    o.sink.report({ file: o.file, ...describeParserError(e instanceof Error ? e.message : String(e)) });
    return undefined;
  }
}
