/** The rubric as data: what each indicator asks, where to look, how much it weighs. */

export type Lang = 'en' | 'zh';

export interface Cues {
  /** Words/phrases whose presence makes a sentence a candidate (case-insensitive; en on word boundaries). */
  terms: string[];
  /** Heading words: a sentence under a heading containing one is a candidate. */
  headings: string[];
  /**
   * Headings under which a sentence does not answer this indicator, unless one of its own headings sits
   * deeper: the datasets of an evaluation section are not training data.
   */
  notUnder?: string[];
  /**
   * Regular expressions (source strings, case-insensitive; a pattern that uses \p{Lu} is matched
   * case-sensitively) that signal a concrete answer.
   */
  strong?: string[];
  /** Regular expressions that signal only a vague answer. */
  vague?: string[];
  /** Regular expressions that veto a sentence for this indicator (wrong sense of a cue word). */
  exclude?: string[];
  /**
   * Regular expressions for a neighbouring question: the sentence is on the topic but counts at most as
   * a partial answer (its strong patterns and facts do not count). E.g. the languages a model supports,
   * for the languages of its training data.
   */
  demote?: string[];
  /**
   * Phrases that name the indicator's topic unambiguously ("red teaming", "合成数据"): a prose sentence
   * about the model that contains one is at least a partial answer.
   */
  anchors?: string[];
  /**
   * Table column headers that name the indicator ("Params", "Context length", "参数量"): a table row with
   * a number in such a column answers it ("| Orca-7B | 7.2B | 32K |" under "| Model | Params | Context |").
   */
  columns?: string[];
}

export interface IndicatorMessages {
  /** Plain sentence saying the document does not disclose this. */
  absent?: string;
  /** Plain sentence saying the document only partly discloses this. */
  partial?: string;
  /** A concrete question to put to the vendor. */
  question?: string;
}

export interface Indicator {
  id: string;
  group: string;
  /** Among the first things every reader asks (data, scale, architecture, limits, risks, safety eval, impact, roadmap). */
  seed: boolean;
  /** Weight in the transparency score. */
  weight: number;
  title: Partial<Record<Lang, string>> & { en: string };
  question: Partial<Record<Lang, string>> & { en: string };
  cues: Partial<Record<Lang, Cues>>;
  /** Fact ids (see checks/facts) that, found in a candidate sentence, make it concrete. */
  facts?: string[];
  /**
   * Whether a code block can answer this indicator (a download command, a licence header). Otherwise
   * its patterns and facts do not count: "--n-gpu-layers 64" is not a layer count.
   */
  code?: boolean;
  /**
   * Whether a link's target counts as text for this indicator's strong patterns: the Hugging Face
   * repository behind "[Download](https://huggingface.co/org/model)" says where the weights are. Elsewhere
   * a link is only its text ("see our paper" is no training source because its URL is on arxiv.org).
   */
  links?: boolean;
  /**
   * Whether sentences about other models answer this indicator (the baselines a model is compared
   * with). Elsewhere a sentence or table row about another model does not count for the model under audit.
   */
  others?: boolean;
  /** Optional inline messages; the default rubric takes them from data/messages/<lang>.yaml by id. */
  messages?: Partial<Record<Lang, IndicatorMessages>>;
}

export interface Rubric {
  id: string;
  version: string;
  /** Path the rubric was loaded from ("builtin" for the default). */
  origin: string;
  groups: Record<string, Partial<Record<Lang, string>> & { en: string }>;
  /** Points per status (fraction of the weight). */
  scoring: { disclosed: number; partial: number; absent: number };
  indicators: Indicator[];
}
