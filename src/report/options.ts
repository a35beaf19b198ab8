import type { Audit } from '../types.js';
import type { Rubric } from '../rubric/types.js';

export interface FormatOptions {
  /** ANSI colour in terminal output (stylish only). */
  color: boolean;
  /** source → Doc.text, for highlighting evidence in the html report and deriving line numbers. */
  docText?: Map<string, string>;
  /** The rubric the audits were made with: indicator titles and group names. Without it ids are shown. */
  rubric?: Rubric;
  /** Language of the report's own words; default: each audit's `unsaid.language`. */
  lang?: 'en' | 'zh';
}

/** A formatter is a pure function: same audits and options, same string. */
export type Formatter = (audits: Audit[], options: FormatOptions) => string;
