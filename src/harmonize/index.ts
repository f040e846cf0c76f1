// Public entry of the harmonize stage: the Table 1 rules (rules.ts) and the per-corpus Table 2
// profiles (data/profiles/*.json, validated by schema.ts).
export {
  BIORED_ENTITY_TYPES,
  BIORED_RELATION_TYPES,
  ProfileSchema,
  RuleCodes,
  type Profile,
  type ProfileInput,
} from './schema.ts';
export {
  PAPER_CORPORA,
  loadProfile,
  loadProfiles,
  parseProfile,
  profileHash,
} from './profiles.ts';
export {
  canonicalType,
  isMissingId,
  keepCuratedRelation,
  labelsOf,
  levelOf,
  negativeLabel,
  orientPair,
  pairClass,
  pmidOf,
  positiveLabel,
  specialTokensOf,
  tagsOf,
  usableForTransfer,
  widensBodyForKeptRelation,
  type Level,
  type View,
} from './rules.ts';
