/**
 * Markdown (CommonMark + GFM tables + YAML front matter) → Doc structure.
 * The normalised text of a markdown document is its decoded source: quotes are exact slices of what
 * the author wrote, and offsets map 1:1 to the file (line/column are derived from them).
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import { parse as parseYaml } from 'yaml';
import type { Root, RootContent, Nodes } from 'mdast';
import type { Block, BlockKind, Heading } from '../types.js';

export interface Structure {
  headings: Heading[];
  blocks: Block[];
  frontMatter: Record<string, unknown>;
  frontMatterRange?: [number, number];
  title?: string;
}

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']);

function plain(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string' && node.type !== 'html') return node.value;
  if ('children' in node) return (node.children as Nodes[]).map(plain).join('');
  return '';
}

export function parseMarkdown(text: string): Structure {
  const tree = processor.parse(text) as Root;
  const headings: Heading[] = [];
  const blocks: Block[] = [];
  let frontMatter: Record<string, unknown> = {};
  let frontMatterRange: [number, number] | undefined;
  let tableId = 0;

  const push = (kind: BlockKind, start: number | undefined, end: number | undefined) => {
    if (start === undefined || end === undefined || end <= start) return;
    blocks.push({ kind, start, end, heading: headings.length - 1 });
  };

  const visit = (node: RootContent, ctx: BlockKind) => {
    const s = node.position?.start.offset;
    const e = node.position?.end.offset;
    switch (node.type) {
      case 'yaml':
      case 'toml': {
        if (s === undefined || e === undefined) return;
        frontMatterRange = [s, e];
        if (node.type === 'yaml') {
          try {
            const v = parseYaml(node.value, { maxAliasCount: 50 });
            if (v && typeof v === 'object' && !Array.isArray(v)) frontMatter = v as Record<string, unknown>;
          } catch {
            /* malformed front matter: kept as text, no metadata */
          }
        }
        blocks.push({ kind: 'front-matter', start: s, end: e, heading: -1 });
        return;
      }
      case 'heading': {
        if (s === undefined || e === undefined) return;
        headings.push({ depth: node.depth, text: plain(node).trim(), start: s, end: e });
        blocks.push({ kind: 'heading', start: s, end: e, heading: headings.length - 1 });
        return;
      }
      case 'paragraph':
        push(ctx, s, e);
        return;
      case 'code':
        push('code', s, e);
        return;
      case 'html':
        push('html', s, e);
        return;
      case 'table': {
        const id = tableId++;
        node.children.forEach((row, r) => {
          const rs = row.position?.start.offset;
          const re = row.position?.end.offset;
          if (rs === undefined || re === undefined) return;
          blocks.push({ kind: 'table-row', start: rs, end: re, heading: headings.length - 1, table: { id, row: r } });
        });
        return;
      }
      case 'list':
        for (const item of node.children) {
          for (const c of item.children) visit(c, 'list');
        }
        return;
      case 'blockquote':
        for (const c of node.children) visit(c, ctx === 'list' ? 'list' : 'quote');
        return;
      case 'thematicBreak':
      case 'definition':
        return;
      default:
        if ('children' in node) for (const c of (node as { children: RootContent[] }).children) visit(c, ctx);
        else push(ctx, s, e);
    }
  };
  for (const child of tree.children) visit(child, 'prose');

  const fmTitle = typeof frontMatter.title === 'string' ? frontMatter.title : undefined;
  const h1 = headings.find((h) => h.depth === 1)?.text;
  return { headings, blocks, frontMatter, frontMatterRange, title: fmTitle ?? h1 ?? headings[0]?.text };
}
