// Initial schema. Runs unchanged on PGlite and on PostgreSQL (15+).
// The audit is stored as `json` (not jsonb): json keeps the text as written, so key order and
// therefore exports are byte-for-byte stable. The findings table is derived from it for queries.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('documents')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('added_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('releases')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('vendor', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('release', 'text', (c) => c.notNull())
    .addColumn('date', 'text')
    .addUniqueConstraint('releases_vendor_model_release_key', ['vendor', 'model', 'release'])
    .execute();

  await db.schema
    .createTable('audits')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('release_id', 'integer', (c) => c.notNull().references('releases.id'))
    .addColumn('rubric_id', 'text', (c) => c.notNull())
    .addColumn('rubric_version', 'text', (c) => c.notNull())
    .addColumn('tool_version', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('findings_count', 'integer', (c) => c.notNull())
    .addColumn('audit', 'json', (c) => c.notNull())
    .addUniqueConstraint('audits_document_rubric_key', ['document_id', 'rubric_id', 'rubric_version'])
    .execute();
  await db.schema.createIndex('audits_release_idx').on('audits').column('release_id').execute();

  await db.schema
    .createTable('findings')
    .addColumn('audit_id', 'integer', (c) => c.notNull().references('audits.id').onDelete('cascade'))
    .addColumn('indicator_id', 'text', (c) => c.notNull())
    .addColumn('grp', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('disclosed', 'partial', 'absent')`))
    .addPrimaryKeyConstraint('findings_pkey', ['audit_id', 'indicator_id'])
    .execute();
  await db.schema.createIndex('findings_indicator_idx').on('findings').columns(['indicator_id', 'status']).execute();

  await db.schema
    .createTable('reviews')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('audit_id', 'integer', (c) => c.notNull().references('audits.id').onDelete('cascade'))
    .addColumn('indicator_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('disclosed', 'partial', 'absent')`))
    .addColumn('note', 'text')
    .addColumn('reviewer', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reviews_audit_idx').on('reviews').columns(['audit_id', 'indicator_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['reviews', 'findings', 'audits', 'releases', 'documents']) await db.schema.dropTable(t).execute();
}
