/** The scorer Sluice runs with out of the box: the default phases over the shipped lexicons and a model file. */
import { loadModelFile } from '../classifier/model-file.js';
import { fromRoot } from '../platform/paths.js';
import { loadLexicon } from './lexicon-files.js';
import { defaultPhases } from './pipeline.js';
import { createScorer, type Scorer } from './scorer.js';

/** Loads the data files and the model file (relative paths are from the project root) and builds the scorer. */
export function loadDefaultScorer(modelFile: string): Scorer {
  const loaded = loadModelFile(fromRoot(modelFile));
  return createScorer(defaultPhases({ lexicon: loadLexicon(), model: loaded.model }), loaded.version);
}
