/** The scorer Sluice runs with out of the box: the default phases over the shipped lexicons. */
import { loadLexicon } from './lexicon-files.js';
import { defaultPhases } from './pipeline.js';
import { createScorer, type Scorer } from './scorer.js';

/** Loads the data files and builds the default scorer (I/O: reads src/scoring/lexicons). */
export function loadDefaultScorer(): Scorer {
  return createScorer(defaultPhases({ lexicon: loadLexicon() }));
}
