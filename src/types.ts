/**
 * The shared shapes of the pipeline: ingest → segment → rubric → checks → claims → unsaid → report.
 * Offsets are the truth: every `start`/`end` is a UTF-16 index into `Doc.text`.
 */

export type Language = 'en' | 'zh' | 'mixed';
export type Format = 'markdown' | 'html' | 'pdf' | 'text';
export type Status = 'disclosed' | 'partial' | 'absent';

export type BlockKind = 'prose' | 'list' | 'table-row' | 'code' | 'heading' | 'front-matter' | 'quote' | 'html';

export interface Heading {
  depth: number;
  text: string;
  start: number;
  end: number;
}

/** A structural unit of the document (paragraph, list item, table row, heading, code block...). */
export interface Block {
  kind: BlockKind;
  start: number;
  end: number;
  /** Index into Doc.headings of the nearest enclosing heading, or -1. */
  heading: number;
  /** For table rows: the row's index within its table (0 = header row) and the table's id. */
  table?: { id: number; row: number };
  /**
   * Targets of the links in this block when the text no longer shows them (HTML: the href of each <a>;
   * PDF: link annotations over its lines). Markdown keeps its link syntax in the text, so its blocks
   * have none.
   */
  links?: string[];
}

export interface Doc {
  source: string;
  format: Format;
  /** Normalised text. For markdown and plain text this is the decoded source itself. */
  text: string;
  language: Language;
  sha256: string;
  /** Bytes read. */
  bytes: number;
  encoding: string;
  headings: Heading[];
  blocks: Block[];
  /** Parsed YAML front matter (markdown) or <meta> values (html); {} when none. */
  frontMatter: Record<string, unknown>;
  /** Offsets of the front matter block in text, when present. */
  frontMatterRange?: [number, number];
  /** Document title when known (front matter title, first h1, <title>). */
  title?: string;
  /** Set when ingest kept only the start of a longer text (see IngestInput.maxChars): the full length. */
  truncatedFrom?: number;
}

export interface Sentence {
  /** Index in Doc order. */
  i: number;
  start: number;
  end: number;
  /** Raw slice of Doc.text (what evidence quotes show). */
  raw: string;
  /** Plain text with markup stripped (what checks read). */
  text: string;
  kind: BlockKind;
  lang: 'en' | 'zh';
  /** Heading texts from outermost to innermost. */
  headingPath: string[];
  /** Index of the block this sentence belongs to. */
  block: number;
  table?: { id: number; row: number };
}

export interface Evidence {
  quote: string;
  start: number;
  end: number;
  /** 1-based line and column of start, derived from offsets. */
  line?: number;
  column?: number;
}

export type FactValue = string | number | boolean | string[] | number[];
export type Facts = Record<string, FactValue>;

export interface Finding {
  id: string;
  group: string;
  status: Status;
  evidence: Evidence[];
  facts: Facts;
  /** Confidence in [0,1] of the status (model probability). */
  confidence?: number;
  /** Why this status, in a few words (message id or plain). */
  reason?: string;
  /** Set when a human review overrides the machine status. */
  review?: { status: Status; reviewer: string; at: string; note?: string; machineStatus: Status };
}

export type ClaimKind = 'performance' | 'speed' | 'cost' | 'efficiency' | 'safety' | 'superiority' | 'scale' | 'other';
export type Verdict = 'substantiated' | 'partly' | 'unsubstantiated';

export interface Claim {
  quote: string;
  start: number;
  end: number;
  line?: number;
  column?: number;
  kind: ClaimKind;
  subject?: string;
  benchmarkNamed: boolean;
  baselineNamed: boolean;
  numbersGiven: boolean;
  setupGiven: boolean;
  verdict: Verdict;
  /** Setup items found / missing for this claim's kind (rubric data). */
  setupFound?: string[];
  setupMissing?: string[];
  /** Where the backing table or section is, if found. */
  related?: { start: number; end: number; quote: string; line?: number } | null;
}

export interface Gap {
  id: string;
  status: Status;
  text: string;
}

export interface Unsaid {
  language: 'en' | 'zh';
  gaps: Gap[];
  questions: string[];
}

export interface Audit {
  schemaVersion: '1';
  tool: { name: 'unsaid'; version: string };
  document: {
    source: string;
    language: Language;
    sha256: string;
    format: Format;
    bytes: number;
    encoding: string;
    title?: string;
    /** Present when the text was longer than the audit's limit: only blocks starting before it were read. */
    truncated?: { auditedChars: number; totalChars: number };
  };
  rubric: { id: string; version: string };
  indicators: Finding[];
  facts: Facts;
  claims: Claim[];
  unsaid: Unsaid;
  score: { value: number; max: number; percent: number };
  summary: { disclosed: number; partial: number; absent: number; claims: number; unsubstantiated: number };
}
