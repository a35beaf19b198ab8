// The history store: audits saved per vendor, model and release, human reviews beside the machine
// findings, and a JSON Lines export that round-trips exactly. Every write is one transaction.
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { UnsaidError, oneLine } from '../errors.js';
import type { Audit, Finding, Status } from '../types.js';
import type { Database, Engine, StoreLocation } from './db.js';

export const STATUSES: readonly Status[] = ['disclosed', 'partial', 'absent'];
export const EXPORT_FORMAT = 'unsaid-export';
export const EXPORT_VERSION = 1;

export interface AddInput {
  audit: Audit;
  /** The exact bytes that were audited (kept so `reaudit` can re-run). */
  bytes: Uint8Array;
  vendor: string;
  model: string;
  release: string;
  /** Release date, YYYY-MM-DD (or any text the user gave), when known. */
  date?: string | null;
  /** Defaults to audit.document.source. */
  source?: string;
}

export interface AuditEntry {
  id: number;
  vendor: string;
  model: string;
  release: string;
  date: string | null;
  source: string;
  sha256: string;
  format: string;
  rubricId: string;
  rubricVersion: string;
  toolVersion: string;
  /** ISO 8601, UTC ("…Z"). */
  createdAt: string;
  /** Machine score, percent. */
  score: number;
  /** Number of reviews recorded for this audit (history included). */
  reviews: number;
}

export interface AddResult {
  id: number;
  /** False when this document was already stored under this rubric id and version. */
  created: boolean;
  entry: AuditEntry;
}

export interface ReviewRecord {
  id: number;
  auditId: number;
  indicatorId: string;
  status: Status;
  note: string | null;
  reviewer: string;
  createdAt: string;
}

export interface StoredAudit extends AuditEntry {
  /** The audit with the latest review of each indicator applied (finding.review set, summary recounted). */
  audit: Audit;
  /** The audit exactly as the machine produced it. */
  machine: Audit;
  /** Every review of this audit, oldest first. */
  reviewHistory: ReviewRecord[];
}

export interface ListFilter {
  vendor?: string;
  model?: string;
  release?: string;
  limit?: number;
}

export interface ReviewInput {
  status: Status;
  note?: string | null;
  reviewer: string;
  /** Defaults to now. */
  at?: Date | string;
}

export interface ImportResult {
  documents: number;
  releases: number;
  audits: number;
  reviews: number;
  /** Records already present (matched by natural key) and left as they were. */
  skipped: number;
  /** True when the store was empty and record ids were kept. */
  idsKept: boolean;
}

export interface StoredDocument {
  id: number;
  sha256: string;
  source: string;
  format: string;
  bytes: Uint8Array;
}

export type Reauditor = (doc: StoredDocument) => Promise<Audit>;

export interface ReauditResult {
  documents: number;
  audited: number;
  /** Already audited under this rubric id and version. */
  skipped: number;
  failed: { documentId: number; source: string; error: string }[];
  auditIds: number[];
}

// ---------------------------------------------------------------------------------------------
// Pure helpers

/** Release reference: `vendor/model@release`, or `vendor/model` for the latest audit of any release. */
export function parseRef(ref: string): { vendor: string; model: string; release?: string } | null {
  const at = ref.lastIndexOf('@');
  const head = at > 0 ? ref.slice(0, at) : ref;
  const release = at > 0 ? ref.slice(at + 1) : undefined;
  const slash = head.indexOf('/');
  if (slash <= 0 || slash === head.length - 1) return null;
  if (release !== undefined && release === '') return null;
  return { vendor: head.slice(0, slash), model: head.slice(slash + 1), release };
}

export function formatRef(e: { vendor: string; model: string; release: string }): string {
  return `${e.vendor}/${e.model}@${e.release}`;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Latest review per indicator wins (by time, then id); the machine status is kept in `review.machineStatus`. */
export function applyReviews(machine: Audit, reviews: ReviewRecord[]): Audit {
  const latest = new Map<string, ReviewRecord>();
  for (const r of [...reviews].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id - b.id))) {
    latest.set(r.indicatorId, r);
  }
  if (latest.size === 0) return machine;
  const indicators: Finding[] = machine.indicators.map((f) => {
    const r = latest.get(f.id);
    if (!r) return f;
    const machineStatus = f.review?.machineStatus ?? f.status;
    const review: NonNullable<Finding['review']> =
      r.note !== null && r.note !== ''
        ? { status: r.status, reviewer: r.reviewer, at: r.createdAt, note: r.note, machineStatus }
        : { status: r.status, reviewer: r.reviewer, at: r.createdAt, machineStatus };
    return { ...f, status: r.status, review };
  });
  const count = (s: Status) => indicators.filter((f) => f.status === s).length;
  return {
    ...machine,
    indicators,
    summary: { ...machine.summary, disclosed: count('disclosed'), partial: count('partial'), absent: count('absent') },
  };
}

const iso = (d: Date | string): string => (d instanceof Date ? d : new Date(d)).toISOString();
const nowIso = () => new Date().toISOString();
const toBytes = (b: Uint8Array): Uint8Array => (b instanceof Uint8Array ? b : new Uint8Array(b as ArrayLike<number>));
const parseJson = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

function checkAudit(audit: unknown, where: string): Audit {
  const a = audit as Audit;
  if (
    !a ||
    typeof a !== 'object' ||
    !a.document ||
    typeof a.document.sha256 !== 'string' ||
    !a.rubric ||
    typeof a.rubric.id !== 'string' ||
    typeof a.rubric.version !== 'string' ||
    !Array.isArray(a.indicators) ||
    !a.score ||
    typeof a.score.percent !== 'number' ||
    !a.tool
  ) {
    throw new UnsaidError('store', `${where}: not an unsaid audit`);
  }
  for (const f of a.indicators) {
    if (!f || typeof f.id !== 'string' || !STATUSES.includes(f.status))
      throw new UnsaidError('store', `${where}: bad indicator in audit`);
  }
  return a;
}

function nonEmpty(v: unknown, name: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw new UnsaidError('usage', `${name} must not be empty`);
  return v.trim();
}

function isRetryable(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  return code === '40001' || code === '40P01' || code === '23505';
}

function storeError(e: unknown): UnsaidError {
  return e instanceof UnsaidError ? e : new UnsaidError('store', `database error: ${oneLine(e)}`);
}

// ---------------------------------------------------------------------------------------------

type Tx = Transaction<Database>;

export class Store {
  private closed = false;

  constructor(
    /** The Kysely instance (exposed for tests and tools; prefer the methods). */
    readonly db: Kysely<Database>,
    readonly location: StoreLocation,
    private readonly onClose: () => Promise<void>,
  ) {}

  get engine(): Engine {
    return this.location.engine;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.db.destroy();
    } finally {
      await this.onClose();
    }
  }

  /** One transaction, retried on serialization failures and deadlocks (PostgreSQL under concurrency). */
  private async tx<T>(fn: (trx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction().execute(fn);
      } catch (e) {
        if (attempt < 8 && isRetryable(e)) {
          await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
          continue;
        }
        throw storeError(e);
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // add

  /**
   * Stores an audit with its document bytes under vendor/model@release, in one transaction.
   * Idempotent on (document sha256, rubric id, rubric version): adding it again returns the
   * stored audit with `created: false`.
   */
  async addAudit(input: AddInput): Promise<AddResult> {
    const audit = checkAudit(input.audit, 'addAudit');
    const bytes = toBytes(input.bytes);
    const sha256 = sha256Hex(bytes);
    if (audit.document.sha256 !== sha256) {
      throw new UnsaidError(
        'store',
        `the audit is of other bytes (sha256 ${audit.document.sha256.slice(0, 12)}…, bytes ${sha256.slice(0, 12)}…)`,
      );
    }
    const vendor = nonEmpty(input.vendor, 'vendor');
    const model = nonEmpty(input.model, 'model');
    const release = nonEmpty(input.release, 'release');
    const date = input.date?.trim() || null;
    const source = input.source ?? audit.document.source;
    const text = JSON.stringify(audit);

    const { id, created } = await this.tx(async (trx) => {
      const at = nowIso();
      const documentId = await this.upsertDocument(trx, { sha256, source, format: audit.document.format, bytes, addedAt: at });
      const releaseId = await this.upsertRelease(trx, { vendor, model, release, date });
      return this.insertAudit(trx, { documentId, releaseId, audit, text, createdAt: at });
    });
    return { id, created, entry: await this.entry(id) };
  }

  private async upsertDocument(
    trx: Tx,
    d: { id?: number; sha256: string; source: string; format: string; bytes: Uint8Array; addedAt: string },
  ): Promise<number> {
    // Look first: an insert that conflicts would still use up an id.
    const existing = await trx.selectFrom('documents').select('id').where('sha256', '=', d.sha256).executeTakeFirst();
    if (existing) return existing.id;
    const row = await trx
      .insertInto('documents')
      .values({
        ...(d.id !== undefined ? { id: d.id } : {}),
        sha256: d.sha256,
        source: d.source,
        format: d.format,
        bytes: Buffer.from(d.bytes),
        size: d.bytes.length,
        added_at: d.addedAt,
      })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) return row.id;
    const found = await trx.selectFrom('documents').select('id').where('sha256', '=', d.sha256).executeTakeFirstOrThrow();
    return found.id;
  }

  private async upsertRelease(
    trx: Tx,
    r: { id?: number; vendor: string; model: string; release: string; date: string | null },
  ): Promise<number> {
    const existing = await trx
      .selectFrom('releases')
      .select(['id', 'date'])
      .where('vendor', '=', r.vendor)
      .where('model', '=', r.model)
      .where('release', '=', r.release)
      .executeTakeFirst();
    if (existing) {
      if (r.date && r.date !== existing.date)
        await trx.updateTable('releases').set({ date: r.date }).where('id', '=', existing.id).execute();
      return existing.id;
    }
    const row = await trx
      .insertInto('releases')
      .values({ ...(r.id !== undefined ? { id: r.id } : {}), vendor: r.vendor, model: r.model, release: r.release, date: r.date })
      .onConflict((oc) =>
        oc
          .columns(['vendor', 'model', 'release'])
          .doUpdateSet({ date: sql<string | null>`coalesce(excluded.date, releases.date)` }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  private async insertAudit(
    trx: Tx,
    a: { id?: number; documentId: number; releaseId: number; audit: Audit; text: string; createdAt: string },
  ): Promise<{ id: number; created: boolean }> {
    const existing = await trx
      .selectFrom('audits')
      .select('id')
      .where('document_id', '=', a.documentId)
      .where('rubric_id', '=', a.audit.rubric.id)
      .where('rubric_version', '=', a.audit.rubric.version)
      .executeTakeFirst();
    if (existing) return { id: existing.id, created: false };
    const row = await trx
      .insertInto('audits')
      .values({
        ...(a.id !== undefined ? { id: a.id } : {}),
        document_id: a.documentId,
        release_id: a.releaseId,
        rubric_id: a.audit.rubric.id,
        rubric_version: a.audit.rubric.version,
        tool_version: a.audit.tool.version,
        created_at: a.createdAt,
        score: a.audit.score.percent,
        findings_count: a.audit.indicators.length,
        audit: a.text,
      })
      .onConflict((oc) => oc.columns(['document_id', 'rubric_id', 'rubric_version']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) {
      const found = await trx
        .selectFrom('audits')
        .select('id')
        .where('document_id', '=', a.documentId)
        .where('rubric_id', '=', a.audit.rubric.id)
        .where('rubric_version', '=', a.audit.rubric.version)
        .executeTakeFirstOrThrow();
      return { id: found.id, created: false };
    }
    const seen = new Map<string, Finding>();
    for (const f of a.audit.indicators) if (!seen.has(f.id)) seen.set(f.id, f);
    if (seen.size !== a.audit.indicators.length) throw new UnsaidError('store', 'audit lists an indicator twice');
    if (seen.size > 0) {
      await trx
        .insertInto('findings')
        .values([...seen.values()].map((f) => ({ audit_id: row.id, indicator_id: f.id, grp: f.group ?? '', status: f.status })))
        .execute();
    }
    return { id: row.id, created: true };
  }

  // -------------------------------------------------------------------------------------------
  // read

  private entries() {
    return this.db
      .selectFrom('audits as a')
      .innerJoin('releases as r', 'r.id', 'a.release_id')
      .innerJoin('documents as d', 'd.id', 'a.document_id')
      .select((eb) => [
        'a.id',
        'r.vendor',
        'r.model',
        'r.release',
        'r.date',
        'd.source',
        'd.sha256',
        'd.format',
        'a.rubric_id',
        'a.rubric_version',
        'a.tool_version',
        'a.created_at',
        'a.score',
        eb
          .selectFrom('reviews as v')
          .whereRef('v.audit_id', '=', 'a.id')
          .select(sql<number>`count(*)::int`.as('n'))
          .as('reviews'),
      ]);
  }

  private static toEntry(r: {
    id: number;
    vendor: string;
    model: string;
    release: string;
    date: string | null;
    source: string;
    sha256: string;
    format: string;
    rubric_id: string;
    rubric_version: string;
    tool_version: string;
    created_at: Date;
    score: number;
    reviews: number | null;
  }): AuditEntry {
    return {
      id: r.id,
      vendor: r.vendor,
      model: r.model,
      release: r.release,
      date: r.date,
      source: r.source,
      sha256: r.sha256,
      format: r.format,
      rubricId: r.rubric_id,
      rubricVersion: r.rubric_version,
      toolVersion: r.tool_version,
      createdAt: iso(r.created_at),
      score: Number(r.score),
      reviews: Number(r.reviews ?? 0),
    };
  }

  private async entry(id: number): Promise<AuditEntry> {
    const r = await this.entries().where('a.id', '=', id).executeTakeFirst();
    if (!r) throw new UnsaidError('store', `no audit #${id}`);
    return Store.toEntry(r);
  }

  /** Stored audits, oldest first; vendor, model and release match case-insensitively. */
  async list(filter: ListFilter = {}): Promise<AuditEntry[]> {
    let q = this.entries();
    if (filter.vendor) q = q.where(sql<boolean>`lower(r.vendor) = lower(${filter.vendor})`);
    if (filter.model) q = q.where(sql<boolean>`lower(r.model) = lower(${filter.model})`);
    if (filter.release) q = q.where(sql<boolean>`lower(r.release) = lower(${filter.release})`);
    q = q.orderBy('a.id');
    if (filter.limit && filter.limit > 0) q = q.limit(filter.limit);
    try {
      return (await q.execute()).map(Store.toEntry);
    } catch (e) {
      throw storeError(e);
    }
  }

  /** Audit id for an id (`12`, `#12`) or `vendor/model@release` (latest audit of it) or `vendor/model`. */
  async resolve(ref: string | number): Promise<number> {
    const s = String(ref).trim();
    const num = /^#?(\d+)$/.exec(s);
    try {
      if (num) {
        const id = Number(num[1]);
        const row =
          id <= 2147483647 ? await this.db.selectFrom('audits').select('id').where('id', '=', id).executeTakeFirst() : undefined;
        if (!row) throw new UnsaidError('store', `no audit #${id}`);
        return row.id;
      }
      const p = parseRef(s);
      if (!p) throw new UnsaidError('store', `no audit matches "${s}" (expected an id or vendor/model@release)`);
      let q = this.db
        .selectFrom('audits as a')
        .innerJoin('releases as r', 'r.id', 'a.release_id')
        .select('a.id')
        .where(sql<boolean>`lower(r.vendor) = lower(${p.vendor})`)
        .where(sql<boolean>`lower(r.model) = lower(${p.model})`);
      if (p.release !== undefined) q = q.where(sql<boolean>`lower(r.release) = lower(${p.release})`);
      const row = await q.orderBy('a.created_at', 'desc').orderBy('a.id', 'desc').limit(1).executeTakeFirst();
      if (!row) throw new UnsaidError('store', `no audit of ${s}`);
      return row.id;
    } catch (e) {
      throw storeError(e);
    }
  }

  /** The stored audit with its reviews applied, and the machine audit beside it. */
  async get(ref: string | number): Promise<StoredAudit> {
    const id = await this.resolve(ref);
    try {
      const [entry, row, reviewHistory] = await Promise.all([
        this.entry(id),
        this.db.selectFrom('audits').select('audit').where('id', '=', id).executeTakeFirstOrThrow(),
        this.reviews(id),
      ]);
      const machine = parseJson(row.audit) as Audit;
      return { ...entry, audit: applyReviews(machine, reviewHistory), machine, reviewHistory };
    } catch (e) {
      throw storeError(e);
    }
  }

  async reviews(auditId: number): Promise<ReviewRecord[]> {
    const rows = await this.db
      .selectFrom('reviews')
      .selectAll()
      .where('audit_id', '=', auditId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      auditId: r.audit_id,
      indicatorId: r.indicator_id,
      status: r.status as Status,
      note: r.note,
      reviewer: r.reviewer,
      createdAt: iso(r.created_at),
    }));
  }

  /** Stored document (with bytes) by id. */
  async document(id: number): Promise<StoredDocument> {
    const r = await this.db
      .selectFrom('documents')
      .select(['id', 'sha256', 'source', 'format', 'bytes'])
      .where('id', '=', id)
      .executeTakeFirst()
      .catch((e: unknown) => {
        throw storeError(e);
      });
    if (!r) throw new UnsaidError('store', `no document #${id}`);
    return { ...r, bytes: toBytes(r.bytes) };
  }

  async counts(): Promise<{ documents: number; releases: number; audits: number; findings: number; reviews: number }> {
    const r = await sql<{ documents: number; releases: number; audits: number; findings: number; reviews: number }>`
      select (select count(*)::int from documents) as documents, (select count(*)::int from releases) as releases,
             (select count(*)::int from audits) as audits, (select count(*)::int from findings) as findings,
             (select count(*)::int from reviews) as reviews`.execute(this.db);
    return r.rows[0]!;
  }

  // -------------------------------------------------------------------------------------------
  // review

  /** Records a human override of one indicator. The machine finding stays as it was; history is kept. */
  async review(ref: string | number, indicatorId: string, input: ReviewInput): Promise<ReviewRecord> {
    if (!STATUSES.includes(input.status)) throw new UnsaidError('usage', `status must be one of ${STATUSES.join(', ')}`);
    const reviewer = nonEmpty(input.reviewer, 'reviewer');
    const auditId = await this.resolve(ref);
    const createdAt = input.at ? iso(input.at) : nowIso();
    const note = input.note?.trim() ? input.note : null;
    return this.tx(async (trx) => {
      const row = await trx
        .selectFrom('findings')
        .select('indicator_id')
        .where('audit_id', '=', auditId)
        .where('indicator_id', '=', indicatorId)
        .executeTakeFirst();
      if (!row) {
        const ids = await trx
          .selectFrom('findings')
          .select('indicator_id')
          .where('audit_id', '=', auditId)
          .orderBy('indicator_id')
          .execute();
        const near = ids
          .map((r) => r.indicator_id)
          .filter((x) => x.toLowerCase().includes(indicatorId.toLowerCase()))
          .slice(0, 5);
        throw new UnsaidError(
          'store',
          `audit #${auditId} has no indicator "${indicatorId}"${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`,
        );
      }
      const r = await trx
        .insertInto('reviews')
        .values({ audit_id: auditId, indicator_id: indicatorId, status: input.status, note, reviewer, created_at: createdAt })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: r.id, auditId, indicatorId, status: input.status, note, reviewer, createdAt };
    });
  }

  // -------------------------------------------------------------------------------------------
  // export / import

  /**
   * The whole store as JSON Lines, one record per line: a header, then documents, releases,
   * audits and reviews, each by id, keys in a fixed order, timestamps as ISO UTC, bytes as base64.
   * Read in one repeatable-read snapshot. Do not call other methods of this store while iterating
   * (the embedded engine has one connection, which the export holds).
   */
  async *exportJsonl(): AsyncIterable<string> {
    const trx = await this.db.startTransaction().setIsolationLevel('repeatable read').execute();
    let done = false;
    try {
      yield JSON.stringify({ type: EXPORT_FORMAT, version: EXPORT_VERSION });
      const batch = 200;
      for (let last = 0; ;) {
        const rows = await trx.selectFrom('documents').selectAll().where('id', '>', last).orderBy('id').limit(batch).execute();
        for (const r of rows) {
          yield JSON.stringify({
            type: 'document',
            id: r.id,
            sha256: r.sha256,
            source: r.source,
            format: r.format,
            size: r.size,
            addedAt: iso(r.added_at),
            bytes: Buffer.from(toBytes(r.bytes)).toString('base64'),
          });
        }
        if (rows.length < batch) break;
        last = rows[rows.length - 1]!.id;
      }
      for (let last = 0; ;) {
        const rows = await trx.selectFrom('releases').selectAll().where('id', '>', last).orderBy('id').limit(batch).execute();
        for (const r of rows)
          yield JSON.stringify({ type: 'release', id: r.id, vendor: r.vendor, model: r.model, release: r.release, date: r.date });
        if (rows.length < batch) break;
        last = rows[rows.length - 1]!.id;
      }
      for (let last = 0; ;) {
        const rows = await trx
          .selectFrom('audits')
          .select(['id', 'document_id', 'release_id', 'created_at', 'audit'])
          .where('id', '>', last)
          .orderBy('id')
          .limit(batch)
          .execute();
        for (const r of rows) {
          yield JSON.stringify({
            type: 'audit',
            id: r.id,
            documentId: r.document_id,
            releaseId: r.release_id,
            createdAt: iso(r.created_at),
            audit: parseJson(r.audit),
          });
        }
        if (rows.length < batch) break;
        last = rows[rows.length - 1]!.id;
      }
      for (let last = 0; ;) {
        const rows = await trx.selectFrom('reviews').selectAll().where('id', '>', last).orderBy('id').limit(batch).execute();
        for (const r of rows) {
          yield JSON.stringify({
            type: 'review',
            id: r.id,
            auditId: r.audit_id,
            indicatorId: r.indicator_id,
            status: r.status,
            note: r.note,
            reviewer: r.reviewer,
            createdAt: iso(r.created_at),
          });
        }
        if (rows.length < batch) break;
        last = rows[rows.length - 1]!.id;
      }
      done = true;
      await trx.commit().execute();
    } finally {
      if (!done)
        await trx
          .rollback()
          .execute()
          .catch(() => {});
    }
  }

  /**
   * Imports an export, in one transaction (all or nothing). Into an empty store the ids are kept,
   * so export → import → export is byte-identical. Into a non-empty store records are merged by
   * natural key (document sha256; vendor/model/release; document + rubric id + version) and get
   * new ids; records already present are skipped.
   */
  async importJsonl(lines: AsyncIterable<string> | Iterable<string>): Promise<ImportResult> {
    return this.tx(async (trx) => {
      const c = await sql<{
        n: number;
      }>`select ((select count(*) from documents) + (select count(*) from releases) + (select count(*) from audits) + (select count(*) from reviews))::int as n`.execute(
        trx,
      );
      const keepIds = Number(c.rows[0]!.n) === 0;
      const docs = new Map<number, number>();
      const rels = new Map<number, number>();
      const auds = new Map<number, number>();
      const res: ImportResult = { documents: 0, releases: 0, audits: 0, reviews: 0, skipped: 0, idsKept: keepIds };
      let n = 0;
      let order = 0;
      const rank: Record<string, number> = { document: 1, release: 2, audit: 3, review: 4 };
      for await (const raw of lines) {
        n++;
        const line = raw.replace(/\r$/, '');
        if (line.trim() === '') continue;
        let rec: Record<string, unknown>;
        try {
          rec = JSON.parse(line);
        } catch {
          throw new UnsaidError('store', `import line ${n}: not JSON`);
        }
        const where = `import line ${n}`;
        const type = rec?.type;
        if (type === EXPORT_FORMAT) {
          if (rec.version !== EXPORT_VERSION)
            throw new UnsaidError(
              'store',
              `${where}: export version ${String(rec.version)} is not supported (expected ${EXPORT_VERSION})`,
            );
          continue;
        }
        if (typeof type !== 'string' || !(type in rank))
          throw new UnsaidError('store', `${where}: unknown record type ${JSON.stringify(type)}`);
        if (rank[type]! < order)
          throw new UnsaidError('store', `${where}: ${type} records must come before the records that refer to them`);
        order = rank[type]!;
        const id = Number(rec.id);
        if (!Number.isInteger(id) || id <= 0) throw new UnsaidError('store', `${where}: bad id`);
        const str = (k: string): string => {
          if (typeof rec[k] !== 'string') throw new UnsaidError('store', `${where}: ${k} must be a string`);
          return rec[k] as string;
        };
        const ts = (k: string): string => {
          const v = str(k);
          if (Number.isNaN(Date.parse(v))) throw new UnsaidError('store', `${where}: ${k} is not a timestamp`);
          return iso(v);
        };
        const ref = (map: Map<number, number>, k: string): number => {
          const v = map.get(Number(rec[k]));
          if (v === undefined) throw new UnsaidError('store', `${where}: ${k} ${String(rec[k])} refers to no earlier record`);
          return v;
        };

        if (type === 'document') {
          const bytes = new Uint8Array(Buffer.from(str('bytes'), 'base64'));
          const sha256 = sha256Hex(bytes);
          if (sha256 !== str('sha256')) throw new UnsaidError('store', `${where}: document sha256 does not match its bytes`);
          const exists = await trx.selectFrom('documents').select('id').where('sha256', '=', sha256).executeTakeFirst();
          if (exists) {
            docs.set(id, exists.id);
            res.skipped++;
          } else {
            docs.set(
              id,
              await this.upsertDocument(trx, {
                id: keepIds ? id : undefined,
                sha256,
                source: str('source'),
                format: str('format'),
                bytes,
                addedAt: ts('addedAt'),
              }),
            );
            res.documents++;
          }
        } else if (type === 'release') {
          const date = rec.date === null || rec.date === undefined ? null : str('date');
          const key = { vendor: str('vendor'), model: str('model'), release: str('release') };
          const exists = await trx
            .selectFrom('releases')
            .select('id')
            .where('vendor', '=', key.vendor)
            .where('model', '=', key.model)
            .where('release', '=', key.release)
            .executeTakeFirst();
          if (exists) {
            rels.set(id, exists.id);
            res.skipped++;
          } else {
            rels.set(id, await this.upsertRelease(trx, { id: keepIds ? id : undefined, ...key, date }));
            res.releases++;
          }
        } else if (type === 'audit') {
          const audit = checkAudit(rec.audit, where);
          const documentId = ref(docs, 'documentId');
          const releaseId = ref(rels, 'releaseId');
          const doc = await trx.selectFrom('documents').select('sha256').where('id', '=', documentId).executeTakeFirstOrThrow();
          if (doc.sha256 !== audit.document.sha256) throw new UnsaidError('store', `${where}: the audit is of another document`);
          const r = await this.insertAudit(trx, {
            id: keepIds ? id : undefined,
            documentId,
            releaseId,
            audit,
            text: JSON.stringify(audit),
            createdAt: ts('createdAt'),
          });
          auds.set(id, r.id);
          if (r.created) res.audits++;
          else res.skipped++;
        } else {
          const auditId = ref(auds, 'auditId');
          const status = str('status') as Status;
          if (!STATUSES.includes(status)) throw new UnsaidError('store', `${where}: bad status`);
          const note = rec.note === null || rec.note === undefined ? null : str('note');
          const v = {
            audit_id: auditId,
            indicator_id: str('indicatorId'),
            status,
            note,
            reviewer: str('reviewer'),
            created_at: ts('createdAt'),
          };
          if (!keepIds) {
            const dup = await trx
              .selectFrom('reviews')
              .select('id')
              .where('audit_id', '=', v.audit_id)
              .where('indicator_id', '=', v.indicator_id)
              .where('status', '=', v.status)
              .where('reviewer', '=', v.reviewer)
              .where(sql<boolean>`created_at = ${v.created_at}`)
              .where(sql<boolean>`note is not distinct from ${v.note}`)
              .executeTakeFirst();
            if (dup) {
              res.skipped++;
              continue;
            }
          }
          await trx
            .insertInto('reviews')
            .values({ ...(keepIds ? { id } : {}), ...v })
            .execute();
          res.reviews++;
        }
      }
      if (keepIds) {
        for (const t of ['documents', 'releases', 'audits', 'reviews'] as const) {
          await sql`select setval(pg_get_serial_sequence(${t}, 'id'), (select coalesce(max(id), 0) + 1 from ${sql.table(t)}), false)`.execute(
            trx,
          );
        }
      }
      return res;
    });
  }

  // -------------------------------------------------------------------------------------------
  // reaudit

  /**
   * Re-runs every stored document through `fn` (typically auditBytes under a new rubric) and adds
   * the result to the release the document was last audited under. One transaction per document.
   * With `rubric`, documents already audited under that id and version are skipped without running fn.
   */
  async reaudit(
    fn: Reauditor,
    opts: { rubric?: { id: string; version: string }; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<ReauditResult> {
    const ids = (await this.db.selectFrom('documents').select('id').orderBy('id').execute()).map((r) => r.id);
    const res: ReauditResult = { documents: ids.length, audited: 0, skipped: 0, failed: [], auditIds: [] };
    let done = 0;
    for (const documentId of ids) {
      try {
        if (opts.rubric) {
          const has = await this.db
            .selectFrom('audits')
            .select('id')
            .where('document_id', '=', documentId)
            .where('rubric_id', '=', opts.rubric.id)
            .where('rubric_version', '=', opts.rubric.version)
            .executeTakeFirst();
          if (has) {
            res.skipped++;
            continue;
          }
        }
        const doc = await this.document(documentId);
        let audit: Audit;
        try {
          audit = checkAudit(await fn(doc), `reaudit of document #${documentId}`);
        } catch (e) {
          res.failed.push({ documentId, source: doc.source, error: oneLine(e) });
          continue;
        }
        if (audit.document.sha256 !== doc.sha256) {
          res.failed.push({ documentId, source: doc.source, error: 'the new audit is of other bytes' });
          continue;
        }
        const text = JSON.stringify(audit);
        const r = await this.tx(async (trx) => {
          const last = await trx
            .selectFrom('audits')
            .select('release_id')
            .where('document_id', '=', documentId)
            .orderBy('created_at', 'desc')
            .orderBy('id', 'desc')
            .limit(1)
            .executeTakeFirst();
          if (!last) throw new UnsaidError('store', `document #${documentId} has no release`);
          return this.insertAudit(trx, { documentId, releaseId: last.release_id, audit, text, createdAt: nowIso() });
        });
        if (r.created) {
          res.audited++;
          res.auditIds.push(r.id);
        } else res.skipped++;
      } finally {
        opts.onProgress?.(++done, ids.length);
      }
    }
    return res;
  }
}
