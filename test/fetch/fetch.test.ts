/**
 * URL fetching: the SSRF guard for every address class, redirects re-checked per hop (a "public"
 * name that redirects to a private address), the size cap, the time limit, the redirect limit, and
 * the page → raw URL rewriting. A local server on 127.0.0.1 serves the fixtures; tests that reach it
 * either pass allowPrivate or inject a resolver that makes a test host name count as public.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchSource, isPublicAddress, resolveDocumentUrl, type FetchOptions } from '../../src/ingest/fetch.js';
import { UnsaidError } from '../../src/errors.js';

const CARD = '# Test card\n\nThe model has 7 billion parameters.\n';
let server: Server;
let port: number;
let base: string;
const sockets = new Set<import('node:net').Socket>();

before(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const p = url.pathname;
    if (p === '/card.md') {
      res.writeHead(200, { 'content-type': 'text/markdown; charset=utf-8' });
      res.end(CARD);
    } else if (p === '/page.html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><body><h1>Card</h1><p>7B parameters.</p></body></html>');
    } else if (p === '/octet.md') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(CARD);
    } else if (p === '/image.png') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
    } else if (p === '/disguised.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
    } else if (p === '/big') {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(2 * 1024 * 1024) });
      res.end(Buffer.alloc(2 * 1024 * 1024, 0x61));
    } else if (p === '/big-chunked') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      let sent = 0;
      const chunk = Buffer.alloc(64 * 1024, 0x62);
      const pump = () => {
        while (sent < 4 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    } else if (p === '/slow') {
      // Never answers.
    } else if (p === '/slow-body') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('start of a body that never ends\n');
    } else if (p.startsWith('/hop/')) {
      const n = Number(p.slice(5));
      if (n <= 0) {
        res.writeHead(200, { 'content-type': 'text/markdown' });
        res.end(CARD);
      } else {
        res.writeHead(302, { location: `/hop/${n - 1}` });
        res.end();
      }
    } else if (p === '/to-loopback') {
      res.writeHead(302, { location: `http://127.0.0.1:${port}/card.md` });
      res.end();
    } else if (p === '/to-localhost') {
      res.writeHead(301, { location: `http://localhost:${port}/card.md` });
      res.end();
    } else if (p === '/to-metadata') {
      res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' });
      res.end();
    } else if (p === '/to-file') {
      res.writeHead(302, { location: 'file:///etc/passwd' });
      res.end();
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

after(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

async function rejects(p: Promise<unknown>, kind: UnsaidError['kind'], re?: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof UnsaidError, `expected an UnsaidError, got ${String(err)}`);
    assert.equal(err.kind, kind, `expected kind ${kind}, got ${err.kind}: ${err.message}`);
    if (re) assert.match(err.message, re);
    return true;
  });
}

/** A host name that "resolves" to 127.0.0.1 and counts as public: stands in for a public server. */
const PUBLIC_HOST = 'docs.public.test';
const asPublic: FetchOptions = {
  resolve: async (host) => {
    if (host === PUBLIC_HOST) return [{ address: '127.0.0.1', family: 4 }];
    if (host === 'localhost') return [{ address: '127.0.0.1', family: 4 }];
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  },
  isAllowed: (address, host) => host === PUBLIC_HOST || isPublicAddress(address),
};

describe('fetching with allowPrivate', () => {
  test('a markdown file', async () => {
    const r = await fetchSource(`${base}/card.md`, { allowPrivate: true });
    assert.equal(Buffer.from(r.bytes).toString('utf8'), CARD);
    assert.equal(r.source, `${base}/card.md`);
    assert.equal(r.finalUrl, `${base}/card.md`);
    assert.match(r.contentType ?? '', /text\/markdown/);
  });

  test('an html page keeps its content type', async () => {
    const r = await fetchSource(`${base}/page.html`, { allowPrivate: true });
    assert.match(r.contentType ?? '', /text\/html/);
  });

  test('application/octet-stream is sniffed from the body and the path', async () => {
    const r = await fetchSource(`${base}/octet.md`, { allowPrivate: true });
    assert.equal(r.contentType, 'text/markdown');
  });

  test('images are unsupported, by content type and by magic bytes', async () => {
    await rejects(fetchSource(`${base}/image.png`, { allowPrivate: true }), 'unsupported', /image\/png/);
    await rejects(fetchSource(`${base}/disguised.txt`, { allowPrivate: true }), 'unsupported', /PNG/);
  });

  test('HTTP errors are fetch failures', async () => {
    await rejects(fetchSource(`${base}/missing`, { allowPrivate: true }), 'fetchFailed', /HTTP 404/);
  });

  test('a closed port is a fetch failure', async () => {
    await rejects(fetchSource('http://127.0.0.1:1/x', { allowPrivate: true, timeoutMs: 3000 }), 'fetchFailed');
  });

  test('size cap: declared content-length', async () => {
    await rejects(fetchSource(`${base}/big`, { allowPrivate: true, maxBytes: 1024 * 1024 }), 'fetchFailed', /size limit/);
  });

  test('size cap: chunked body is aborted while streaming', async () => {
    await rejects(fetchSource(`${base}/big-chunked`, { allowPrivate: true, maxBytes: 1024 * 1024 }), 'fetchFailed', /size limit/);
  });

  test('timeout: no response headers', async () => {
    const t0 = Date.now();
    await rejects(fetchSource(`${base}/slow`, { allowPrivate: true, timeoutMs: 300 }), 'fetchFailed', /timed out/);
    assert.ok(Date.now() - t0 < 3000);
  });

  test('timeout: a body that never ends', async () => {
    await rejects(fetchSource(`${base}/slow-body`, { allowPrivate: true, timeoutMs: 300 }), 'fetchFailed', /timed out/);
  });

  test('redirects are followed up to the limit', async () => {
    const r = await fetchSource(`${base}/hop/5`, { allowPrivate: true });
    assert.equal(r.finalUrl, `${base}/hop/0`);
    await rejects(fetchSource(`${base}/hop/6`, { allowPrivate: true }), 'fetchFailed', /too many redirects/);
    await rejects(fetchSource(`${base}/hop/3`, { allowPrivate: true, maxRedirects: 2 }), 'fetchFailed', /too many redirects/);
  });

  test('a redirect to a non-http scheme is refused even with allowPrivate', async () => {
    await rejects(fetchSource(`${base}/to-file`, { allowPrivate: true }), 'refused', /only http and https/);
  });
});

describe('SSRF guard', () => {
  const refusedUrls = [
    'http://127.0.0.1/',
    'http://127.0.0.1:8080/card.md',
    'http://localhost/',
    'http://localhost./',
    'http://10.0.0.1/',
    'http://10.255.255.255/',
    'http://172.16.0.1/',
    'http://172.31.255.254/',
    'http://192.168.1.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://255.255.255.255/',
    'http://224.0.0.1/',
    'http://240.0.0.1/',
    'http://[::1]/',
    'http://[::]/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://[ff02::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[::ffff:169.254.169.254]/',
    'http://[2002:7f00:1::]/', // 6to4 wrapping 127.0.0.1
    'http://[64:ff9b::a00:1]/', // NAT64 wrapping 10.0.0.1
    'http://2130706433/', // decimal 127.0.0.1
    'http://0x7f.0.0.1/', // hex
    'http://0177.0.0.1/', // octal
    'http://127.1/', // short form
    'http://0x7f000001/',
    'http://017700000001/',
  ];
  for (const url of refusedUrls) {
    test(`refuses ${url}`, async () => {
      await rejects(fetchSource(url, { timeoutMs: 2000 }), 'refused');
    });
  }

  test('the WHATWG URL parser normalises numeric IPv4 forms (and the guard sees the result)', () => {
    for (const u of ['http://2130706433/', 'http://0x7f.0.0.1/', 'http://0177.0.0.1/', 'http://127.1/', 'http://0x7f000001/']) {
      assert.equal(new URL(u).hostname, '127.0.0.1', u);
    }
    assert.equal(new URL('http://[::ffff:127.0.0.1]/').hostname, '[::ffff:7f00:1]');
  });

  test('non-http schemes are refused', async () => {
    await rejects(fetchSource('ftp://example.com/card.md'), 'refused', /only http and https/);
    await rejects(fetchSource('file:///etc/passwd'), 'refused', /only http and https/);
    await rejects(fetchSource('data:text/plain,hello'), 'refused');
    await rejects(fetchSource('not a url'), 'refused', /not a valid URL/);
  });

  test('isPublicAddress allows only global unicast', () => {
    assert.equal(isPublicAddress('8.8.8.8'), true);
    assert.equal(isPublicAddress('2606:4700:4700::1111'), true);
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '255.255.255.255',
      '224.0.0.1',
      '192.0.2.1',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      'not-an-ip',
    ]) {
      assert.equal(isPublicAddress(a), false, a);
    }
  });

  test('the injected public host really connects (control for the redirect tests)', async () => {
    const r = await fetchSource(`http://${PUBLIC_HOST}:${port}/card.md`, asPublic);
    assert.equal(Buffer.from(r.bytes).toString('utf8'), CARD);
  });

  test('a public host that redirects to a loopback IP literal is refused', async () => {
    await rejects(fetchSource(`http://${PUBLIC_HOST}:${port}/to-loopback`, asPublic), 'refused', /loopback/);
  });

  test('a public host that redirects to a name resolving to loopback is refused', async () => {
    await rejects(fetchSource(`http://${PUBLIC_HOST}:${port}/to-localhost`, asPublic), 'refused', /loopback/);
  });

  test('a public host that redirects to the cloud metadata address is refused', async () => {
    await rejects(fetchSource(`http://${PUBLIC_HOST}:${port}/to-metadata`, asPublic), 'refused', /linkLocal/);
  });

  test('a name with any private address among its answers is refused', async () => {
    const opts: FetchOptions = {
      resolve: async () => [
        { address: '93.184.216.34', family: 4 },
        { address: '10.0.0.5', family: 4 },
      ],
    };
    await rejects(fetchSource('http://mixed.example/', opts), 'refused', /private/);
  });

  test('the connection is pinned to the checked address (DNS rebinding cannot swap it)', async () => {
    // The resolver answers "public" once and "loopback" afterwards: the fetch must use the first,
    // checked answer and never ask again between check and connect.
    let calls = 0;
    const opts: FetchOptions = {
      resolve: async () => {
        calls++;
        return [{ address: calls === 1 ? '127.0.0.1' : '10.9.9.9', family: 4 }];
      },
      isAllowed: (address) => address === '127.0.0.1' && calls === 1,
    };
    const r = await fetchSource(`http://rebind.test:${port}/card.md`, opts);
    assert.equal(Buffer.from(r.bytes).toString('utf8'), CARD);
    assert.equal(calls, 1);
  });

  test('unknown hosts are fetch failures', async () => {
    await rejects(fetchSource('http://no-such-host.invalid/', { timeoutMs: 5000 }), 'fetchFailed', /cannot resolve/);
  });
});

describe('page URLs → raw documents', () => {
  const cases: Array<[string, string]> = [
    ['https://huggingface.co/tidewater/orca-7b', 'https://huggingface.co/tidewater/orca-7b/raw/main/README.md'],
    ['https://huggingface.co/tidewater/orca-7b/', 'https://huggingface.co/tidewater/orca-7b/raw/main/README.md'],
    [
      'https://huggingface.co/tidewater/orca-7b/blob/main/README.md',
      'https://huggingface.co/tidewater/orca-7b/raw/main/README.md',
    ],
    [
      'https://huggingface.co/tidewater/orca-7b/blob/v1.0/docs/CARD.md',
      'https://huggingface.co/tidewater/orca-7b/raw/v1.0/docs/CARD.md',
    ],
    ['https://huggingface.co/tidewater/orca-7b/tree/dev', 'https://huggingface.co/tidewater/orca-7b/raw/dev/README.md'],
    ['https://hf.co/tidewater/orca-7b', 'https://huggingface.co/tidewater/orca-7b/raw/main/README.md'],
    ['https://huggingface.co/gpt2', 'https://huggingface.co/gpt2/raw/main/README.md'],
    ['https://huggingface.co/datasets/acme/corpus', 'https://huggingface.co/datasets/acme/corpus/raw/main/README.md'],
    [
      'https://huggingface.co/tidewater/orca-7b/raw/main/README.md',
      'https://huggingface.co/tidewater/orca-7b/raw/main/README.md',
    ],
    ['https://huggingface.co/docs/hub/model-cards', 'https://huggingface.co/docs/hub/model-cards'],
    ['https://huggingface.co/blog/some-post', 'https://huggingface.co/blog/some-post'],
    ['https://huggingface.co/papers/2401.00001', 'https://huggingface.co/papers/2401.00001'],
    ['https://github.com/acme/orca/blob/main/MODEL_CARD.md', 'https://raw.githubusercontent.com/acme/orca/main/MODEL_CARD.md'],
    ['https://github.com/acme/orca/blob/v2/docs/a%20b.md', 'https://raw.githubusercontent.com/acme/orca/v2/docs/a%20b.md'],
    ['https://github.com/acme/orca', 'https://raw.githubusercontent.com/acme/orca/HEAD/README.md'],
    ['https://github.com/acme/orca/tree/dev', 'https://raw.githubusercontent.com/acme/orca/dev/README.md'],
    ['https://github.com/acme/orca/issues/1', 'https://github.com/acme/orca/issues/1'],
    ['https://github.com/orgs/acme', 'https://github.com/orgs/acme'],
    ['https://example.com/acme/orca', 'https://example.com/acme/orca'],
    ['not a url', 'not a url'],
  ];
  for (const [input, want] of cases) {
    test(input, () => assert.equal(resolveDocumentUrl(input), want));
  }
});
