/**
 * Fetch a document from a URL, with an SSRF guard.
 *
 * - Only http and https.
 * - Every host is checked before any connection: an IP literal directly (undici's lookup hook never
 *   sees those), a name by resolving it (all addresses) and checking each. The only address class
 *   allowed is ipaddr.js `range() === 'unicast'`: loopback, private, link-local (cloud metadata),
 *   carrier-grade NAT, unique-local, unspecified, multicast, broadcast, reserved, 6to4/Teredo/NAT64 and
 *   IPv4-mapped forms are all refused. `allowPrivate` turns the guard off.
 * - The connection is pinned to the checked addresses through undici `Agent({connect: {lookup}})`: a
 *   second DNS answer (rebinding) cannot swap the address between check and connect.
 * - Redirects are followed by hand (at most `maxRedirects`), and every hop is checked again.
 * - The body is streamed and the fetch aborted past `maxBytes`; one timer bounds the whole fetch.
 *
 * Refusals throw UnsaidError('refused'), network/HTTP failures UnsaidError('fetchFailed'), and
 * images or binaries UnsaidError('unsupported').
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { UnsaidError } from '../errors.js';
import { VERSION } from '../version.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface FetchOptions {
  allowPrivate?: boolean;
  /** Largest body accepted, in bytes. Default 10 MB. */
  maxBytes?: number;
  /** Time limit for the whole fetch (all hops and the body), in ms. Default 20 s. */
  timeoutMs?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Test seam: resolve a host name to its addresses. Default: dns.lookup with `all: true`. */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
  /** Test seam: may this address (of this host) be connected to? Default: `isPublicAddress`. */
  isAllowed?: (address: string, hostname: string) => boolean;
}

export interface FetchedSource {
  bytes: Uint8Array;
  /** The URL as given. */
  source: string;
  contentType?: string;
  /** The URL the body came from, after rewriting and redirects. */
  finalUrl: string;
}

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_REDIRECTS = 5;

/** True only for globally routable unicast addresses (IPv4-mapped IPv6 is judged as its IPv4). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  try {
    return ipaddr.process(address).range() === 'unicast';
  } catch {
    return false;
  }
}

/** The address class of an address, for messages ("loopback", "private", "linkLocal"...). */
export function addressClass(address: string): string {
  try {
    return ipaddr.process(address).range();
  } catch {
    return 'invalid';
  }
}

const HF_HOSTS = new Set(['huggingface.co', 'www.huggingface.co', 'hf.co']);
const HF_RESERVED = new Set([
  'api',
  'blog',
  'brand',
  'changelog',
  'chat',
  'collections',
  'docs',
  'enterprise',
  'huggingchat',
  'inference-endpoints',
  'join',
  'learn',
  'login',
  'logout',
  'models',
  'new',
  'notifications',
  'organizations',
  'papers',
  'posts',
  'pricing',
  'privacy',
  'search',
  'settings',
  'tasks',
  'terms-of-service',
  'welcome',
  'hardware',
  'jobs',
  'static-proxy',
  'front',
]);
const GH_RESERVED = new Set([
  'about',
  'apps',
  'collections',
  'contact',
  'enterprise',
  'explore',
  'features',
  'join',
  'login',
  'marketplace',
  'notifications',
  'orgs',
  'pricing',
  'search',
  'security',
  'settings',
  'site',
  'sponsors',
  'topics',
  'trending',
  'users',
]);

/**
 * Rewrite page URLs of known hosts to the raw document (a pure function):
 * - `https://huggingface.co/<org>/<model>` → `…/<org>/<model>/raw/main/README.md`
 * - `https://huggingface.co/<org>/<model>/blob/<rev>/<path>` → `…/raw/<rev>/<path>`
 * - `https://huggingface.co/<org>/<model>/tree/<rev>` → `…/raw/<rev>/README.md`
 *   (also for `/datasets/…` and `/spaces/…`, and legacy one-segment model ids)
 * - `https://github.com/<o>/<r>/blob/<rev>/<path>` → `https://raw.githubusercontent.com/<o>/<r>/<rev>/<path>`
 * - `https://github.com/<o>/<r>` (and `/tree/<rev>`) → the README on raw.githubusercontent.com
 * Anything else is returned unchanged.
 */
export function resolveDocumentUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return input;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return input;
  const host = url.hostname.toLowerCase();
  const segs = url.pathname
    .split('/')
    .filter(Boolean)
    .map((s) => s);
  if (HF_HOSTS.has(host)) {
    let prefix: string[] = [];
    if (segs[0] === 'datasets' || segs[0] === 'spaces') prefix = [segs.shift() as string];
    else if (segs.length === 0 || HF_RESERVED.has(segs[0])) return input;
    // Legacy model ids without an org ("gpt2") have one segment before blob/tree.
    const idLen =
      prefix.length === 0 && (segs.length === 1 || segs[1] === 'blob' || segs[1] === 'tree' || segs[1] === 'raw') ? 1 : 2;
    if (segs.length < idLen) return input;
    const id = segs.slice(0, idLen);
    const rest = segs.slice(idLen);
    const base = `https://huggingface.co/${[...prefix, ...id].join('/')}`;
    if (rest.length === 0) return `${base}/raw/main/README.md`;
    if (rest[0] === 'blob' && rest.length >= 3) return `${base}/raw/${rest.slice(1).join('/')}`;
    if (rest[0] === 'tree' && rest.length === 2) return `${base}/raw/${rest[1]}/README.md`;
    return input;
  }
  if (host === 'github.com' || host === 'www.github.com') {
    if (segs.length < 2 || GH_RESERVED.has(segs[0])) return input;
    const [o, r, kind, ...rest] = segs;
    const repo = r.replace(/\.git$/, '');
    if (kind === undefined) return `https://raw.githubusercontent.com/${o}/${repo}/HEAD/README.md`;
    if (kind === 'blob' && rest.length >= 2) return `https://raw.githubusercontent.com/${o}/${repo}/${rest.join('/')}`;
    if (kind === 'tree' && rest.length === 1) return `https://raw.githubusercontent.com/${o}/${repo}/${rest[0]}/README.md`;
    return input;
  }
  return input;
}

async function defaultResolve(hostname: string): Promise<ResolvedAddress[]> {
  const all: LookupAddress[] = await dnsLookup(hostname, { all: true, verbatim: true });
  return all.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

function bareHost(url: URL): string {
  const h = url.hostname;
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

function shortUrl(u: string): string {
  return u.length > 200 ? `${u.slice(0, 200)}…` : u;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const BINARY_TYPES =
  /^(image|audio|video|font|model)\/|^application\/(zip|gzip|x-gzip|x-tar|x-7z-compressed|x-rar|vnd\.rar|wasm|x-executable|x-msdownload|x-sharedlib|java-archive|vnd\.ms-|msword|vnd\.openxmlformats|x-bzip|zstd|x-xz)/i;

/** Magic numbers of common binary formats (not documents). */
export function binaryKind(bytes: Uint8Array): string | undefined {
  const b = (i: number) => bytes[i];
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'PNG image';
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'JPEG image';
  if (b(0) === 0x47 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x38) return 'GIF image';
  if (b(0) === 0x52 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x46) return 'RIFF (WebP/WAV/AVI) data';
  if (b(0) === 0x50 && b(1) === 0x4b && b(2) === 0x03 && b(3) === 0x04) return 'ZIP archive';
  if (b(0) === 0x1f && b(1) === 0x8b) return 'gzip data';
  if (b(0) === 0x7f && b(1) === 0x45 && b(2) === 0x4c && b(3) === 0x46) return 'ELF binary';
  if (b(0) === 0x00 && b(1) === 0x61 && b(2) === 0x73 && b(3) === 0x6d) return 'WebAssembly';
  return undefined;
}

/** Which format the sniffed body most likely is, as a content type for ingest. */
function sniffContentType(bytes: Uint8Array, headerType: string | undefined, url: string): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1');
  if (head.startsWith('%PDF-')) return 'application/pdf';
  const ct = headerType?.split(';')[0].trim().toLowerCase();
  if (ct && ct !== 'application/octet-stream' && ct !== 'binary/octet-stream') return headerType;
  if (/^\s*(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(head)) return 'text/html';
  if (/\.(md|markdown)$/i.test(new URL(url).pathname)) return 'text/markdown';
  return headerType;
}

/** Fetch a URL as the bytes of a document. See the module comment for the guard. */
export async function fetchSource(input: string, opts: FetchOptions = {}): Promise<FetchedSource> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRedirects = opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const resolve = opts.resolve ?? defaultResolve;
  const isAllowed = opts.isAllowed ?? ((a: string) => isPublicAddress(a));
  const source = input;

  let url: URL;
  try {
    url = new URL(resolveDocumentUrl(input));
  } catch {
    throw new UnsaidError('refused', `${shortUrl(source)}: not a valid URL`);
  }

  const { Agent, request } = await import('undici');
  /** Host name → the addresses checked for it; the agent connects only to these. */
  const pinned = new Map<string, ResolvedAddress[]>();
  type LookupCb = (err: NodeJS.ErrnoException | null, address?: string | LookupAddress[], family?: number) => void;
  const pinnedLookup = (hostname: string, options: { all?: boolean } | number | undefined, cb: LookupCb) => {
    const addrs = pinned.get(hostname.toLowerCase());
    if (!addrs || addrs.length === 0) {
      const err = new Error(`unsaid: ${hostname} was not checked before connecting`) as NodeJS.ErrnoException;
      err.code = 'EUNSAIDNOTCHECKED';
      cb(err);
      return;
    }
    if (typeof options === 'object' && options?.all)
      cb(
        null,
        addrs.map((a) => ({ address: a.address, family: a.family })),
      );
    else cb(null, addrs[0].address, addrs[0].family);
  };
  const agent = new Agent({
    connect: { lookup: pinnedLookup as never, timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    keepAliveTimeout: 1,
    pipelining: 0,
  });
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('timeout'));
  }, timeoutMs);
  timer.unref?.();

  const check = async (u: URL): Promise<void> => {
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      throw new UnsaidError(
        'refused',
        `${shortUrl(u.href)}: only http and https URLs are fetched (got ${u.protocol.replace(/:$/, '')})`,
      );
    }
    const host = bareHost(u);
    const key = u.hostname.toLowerCase();
    if (ipaddr.isValid(host)) {
      // An IP literal: undici connects to it without calling lookup, so this is the only check.
      if (!opts.allowPrivate && !isAllowed(host, host)) {
        throw new UnsaidError(
          'refused',
          `${shortUrl(u.href)}: refusing to fetch a ${addressClass(host)} address (${host}); use --allow-private to allow it`,
        );
      }
      return;
    }
    const name = host.toLowerCase().replace(/\.$/, '');
    if (!opts.allowPrivate && (name === 'localhost' || name.endsWith('.localhost'))) {
      // RFC 6761: these names are loopback whatever a resolver says.
      throw new UnsaidError(
        'refused',
        `${shortUrl(u.href)}: refusing to fetch a loopback address (${host}); use --allow-private to allow it`,
      );
    }
    let addrs: ResolvedAddress[];
    try {
      addrs = await resolve(host);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UnsaidError('fetchFailed', `${shortUrl(u.href)}: cannot resolve ${host}${code ? ` (${code})` : ''}`);
    }
    if (addrs.length === 0) throw new UnsaidError('fetchFailed', `${shortUrl(u.href)}: ${host} has no address`);
    if (!opts.allowPrivate) {
      const bad = addrs.find((a) => !isAllowed(a.address, host));
      if (bad) {
        throw new UnsaidError(
          'refused',
          `${shortUrl(u.href)}: ${host} resolves to a ${addressClass(bad.address)} address (${bad.address}); use --allow-private to allow it`,
        );
      }
    }
    pinned.set(key, addrs);
    // undici may pass the name without the trailing dot, or with it.
    pinned.set(key.replace(/\.$/, ''), addrs);
  };

  try {
    let current = url;
    for (let hop = 0; ; hop++) {
      await check(current);
      let res: Awaited<ReturnType<typeof request>>;
      try {
        res = await request(current, {
          method: 'GET',
          dispatcher: agent,
          signal: controller.signal,
          headers: {
            'user-agent': `unsaid/${VERSION} (model release audit)`,
            accept: 'text/markdown, text/html;q=0.9, text/plain;q=0.8, application/pdf;q=0.8, */*;q=0.1',
          },
        });
      } catch (err) {
        throw failure(err, current, timedOut, timeoutMs);
      }
      const header = (name: string): string | undefined => {
        const v = res.headers[name];
        return Array.isArray(v) ? v[0] : v;
      };
      if (REDIRECTS.has(res.statusCode)) {
        await res.body.dump().catch(() => undefined);
        const location = header('location');
        if (!location)
          throw new UnsaidError('fetchFailed', `${shortUrl(current.href)}: HTTP ${res.statusCode} without a Location header`);
        if (hop >= maxRedirects)
          throw new UnsaidError('fetchFailed', `${shortUrl(source)}: too many redirects (more than ${maxRedirects})`);
        let next: URL;
        try {
          next = new URL(location, current);
        } catch {
          throw new UnsaidError('fetchFailed', `${shortUrl(current.href)}: redirect to an invalid URL`);
        }
        current = next;
        continue;
      }
      if (res.statusCode < 200 || res.statusCode >= 300) {
        await res.body.dump().catch(() => undefined);
        throw new UnsaidError('fetchFailed', `${shortUrl(current.href)}: HTTP ${res.statusCode}`);
      }
      const contentType = header('content-type');
      if (contentType && BINARY_TYPES.test(contentType.trim())) {
        discard(res.body);
        throw new UnsaidError('unsupported', `${shortUrl(source)}: ${contentType.split(';')[0].trim()} is not a document`);
      }
      const declared = Number(header('content-length'));
      if (Number.isFinite(declared) && declared > maxBytes) {
        discard(res.body);
        throw new UnsaidError('fetchFailed', `${shortUrl(source)}: larger than the size limit (${declared} > ${maxBytes} bytes)`);
      }
      const chunks: Buffer[] = [];
      let total = 0;
      try {
        for await (const chunk of res.body) {
          const buf = chunk as Buffer;
          total += buf.length;
          if (total > maxBytes) {
            discard(res.body);
            throw new UnsaidError('fetchFailed', `${shortUrl(source)}: larger than the size limit (${maxBytes} bytes)`);
          }
          chunks.push(buf);
        }
      } catch (err) {
        throw failure(err, current, timedOut, timeoutMs);
      }
      const bytes = new Uint8Array(Buffer.concat(chunks, total));
      const binary = binaryKind(bytes);
      if (binary) throw new UnsaidError('unsupported', `${shortUrl(source)}: ${binary}, not a document`);
      return { bytes, source, contentType: sniffContentType(bytes, contentType, current.href), finalUrl: current.href };
    }
  } finally {
    clearTimeout(timer);
    agent.destroy().catch(() => undefined);
  }
}

/** Drop a response body without an unhandled 'error' event from the abort. */
function discard(body: NodeJS.ReadableStream & { destroy(): unknown }): void {
  body.on('error', () => undefined);
  body.destroy();
}

function failure(err: unknown, url: URL, timedOut: boolean, timeoutMs: number): UnsaidError {
  if (err instanceof UnsaidError) return err;
  if (timedOut) return new UnsaidError('fetchFailed', `${shortUrl(url.href)}: timed out after ${timeoutMs} ms`);
  const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = e?.code ?? e?.cause?.code;
  if (code === 'EUNSAIDNOTCHECKED')
    return new UnsaidError('refused', `${shortUrl(url.href)}: connection to an unchecked host refused`);
  const what: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    ENOTFOUND: 'host not found',
    ETIMEDOUT: 'connection timed out',
    UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
    UND_ERR_HEADERS_TIMEOUT: `timed out after ${timeoutMs} ms`,
    UND_ERR_BODY_TIMEOUT: `timed out after ${timeoutMs} ms`,
    UND_ERR_SOCKET: 'connection closed',
    CERT_HAS_EXPIRED: 'TLS certificate expired',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
    ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host',
  };
  const msg = (code && what[code]) ?? (e instanceof Error ? e.message : String(err));
  return new UnsaidError('fetchFailed', `${shortUrl(url.href)}: ${msg.replace(/\s+/g, ' ').slice(0, 200)}`);
}
