import type { Classifier, TrainOptions } from './classifier.js';

export const MODEL_FORMAT = 'minsheng.text-classifier';
export const MODEL_VERSION = 1;

// Weights are stored as float32 bytes in base64: exact round trip (identical predictions) and
// about 3x smaller than JSON decimal arrays.
const f32ToB64 = (a: Float32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
function b64ToF32(s: string): Float32Array {
  const buf = Buffer.from(s, 'base64');
  const out = new Float32Array(buf.byteLength / 4);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

interface ModelJson {
  format: typeof MODEL_FORMAT;
  version: number;
  options: TrainOptions;
  labels: string[];
  trainedOn: number;
  features: string;
  idf: string;
  weights: string[];
  bias: string;
}

/** JSON text for a database column; `format` and `version` let later code refuse or migrate it. */
export function serializeModel(m: Classifier): string {
  const json: ModelJson = {
    format: MODEL_FORMAT, version: MODEL_VERSION, options: m.options, labels: m.labels,
    trainedOn: m.trainedOn, features: Buffer.from(m.features.buffer, m.features.byteOffset, m.features.byteLength).toString('base64'), idf: f32ToB64(m.idf),
    weights: m.linear.weights.map(f32ToB64), bias: f32ToB64(m.linear.bias),
  };
  return JSON.stringify(json);
}

export function deserializeModel(text: string): Classifier {
  const j = JSON.parse(text) as Partial<ModelJson>;
  if (j.format !== MODEL_FORMAT) throw new Error(`not a Minsheng classifier model (format ${String(j.format)})`);
  if (j.version !== MODEL_VERSION) throw new Error(`unsupported classifier model version ${String(j.version)}`);
  const features = new Uint32Array(b64ToF32(j.features!).buffer);
  const weights = j.weights!.map(b64ToF32);
  const idf = b64ToF32(j.idf!);
  if (idf.length !== features.length || weights.some((w) => w.length !== features.length) || weights.length !== j.labels!.length) {
    throw new Error('corrupt classifier model: array lengths disagree');
  }
  return {
    options: j.options!, labels: j.labels!, features,
    idf, linear: { weights, bias: b64ToF32(j.bias!) }, trainedOn: j.trainedOn ?? 0,
  };
}
