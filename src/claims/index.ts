/**
 * Claims: which headline claims a document makes ("30% better", "2x faster", "state-of-the-art",
 * "超越 GPT-4o") and which of them the document itself lets a reader check.
 *
 * findClaims(doc, sentences) → Claim[] in document order. Deterministic: same document and rules, same
 * claims. Rules (lexicon, setup checklists, scoring) come from data/claims/default.yaml or a user file
 * (see loadClaimRules).
 */
import type { Claim, Doc, Sentence } from '../types.js';
import { type ClaimRules, loadClaimRules } from './rules.js';
import { buildContext } from './context.js';
import { findCandidates, selectHeadline } from './detect.js';
import { assess } from './assess.js';

export { loadClaimRules, setupLabel } from './rules.js';
export type { ClaimRules } from './rules.js';

export interface FindClaimsOptions {
  /** Rules to use instead of the built-in default (see loadClaimRules). */
  rules?: ClaimRules;
  /** Path of a rules file merged over the default. */
  rulesPath?: string;
}

export function findClaims(doc: Doc, sentences: Sentence[], opts: FindClaimsOptions = {}): Claim[] {
  const rules = opts.rules ?? loadClaimRules(opts.rulesPath);
  const ctx = buildContext(doc, sentences, rules);
  const cands = findCandidates(ctx, rules);
  return selectHeadline(cands, rules, ctx.paths).map((c) => assess(c, ctx, rules));
}

/** Claims the document does not back with its own numbers (the `--fail-on-unsubstantiated` gate). */
export function unsubstantiated(claims: Claim[]): Claim[] {
  return claims.filter((c) => c.verdict === 'unsubstantiated');
}
