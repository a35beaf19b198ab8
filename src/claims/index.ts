// Placeholder until the claims module lands: no claims found.
import type { Claim, Doc, Sentence } from '../types.js';
export function findClaims(_doc: Doc, _sentences: Sentence[]): Claim[] {
  return [];
}
