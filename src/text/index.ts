// Public API of the Chinese text module (tokenising, search queries, classification,
// near-duplicates, hotspot topics). Everything here is pure and database-agnostic.
export { tokenize, addUserWords, searchDocument } from './tokenize.js';
export type { TokenizeMode } from './tokenize.js';
export { parseQuery, highlight } from './query.js';
export type { ParsedQuery } from './query.js';
export { featuresOf, DEFAULT_FEATURES } from './features.js';
export type { FeatureOptions } from './features.js';
export { trainClassifier, predict, predictLabel, DEFAULT_TRAIN_OPTIONS } from './classifier.js';
export type { Classifier, Suggestion, TrainOptions } from './classifier.js';
export { serializeModel, deserializeModel, MODEL_FORMAT, MODEL_VERSION } from './model-json.js';
export { signature, lshKeys, estimateSimilarity, encodeSignature, decodeSignature, NUM_HASHES } from './minhash.js';
export type { LshParams } from './minhash.js';
export { fingerprint, dupKeys, fingerprintSimilarity, isLikelyDuplicate, DEFAULT_DUP_INDEX, DEFAULT_DUP_THRESHOLDS } from './duplicates.js';
export type { DupFingerprint, DupHints, DupIndexParams, DupThresholds } from './duplicates.js';
export { findHotspots } from './hotspots.js';
export type { HotspotDoc, HotspotOptions, HotspotTopic } from './hotspots.js';
