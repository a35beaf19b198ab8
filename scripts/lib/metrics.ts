/**
 * The figures of ../shared/tools/score.py, computed the same way (same matching rule, same formulas),
 * so that `npm run eval` and the reference scorer agree.
 */
export type St = 'disclosed' | 'partial' | 'absent';

export function norm(s: string): string {
  return (s ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Python's str.split-free port of score.py's overlap(). Strings are compared by code points. */
export function overlap(a0: string, b0: string): boolean {
  const a = [...norm(a0)], b = [...norm(b0)];
  if (!a.length || !b.length) return false;
  const as = a.join(''), bs = b.join('');
  if (as.includes(bs) || bs.includes(as)) return true;
  const [short, long] = a.length <= b.length ? [a, bs] : [b, as];
  const k = Math.max(8, Math.floor(short.length / 2));
  const step = Math.max(1, Math.floor(k / 4));
  for (let i = 0; i < short.length - k + 1; i += step) if (long.includes(short.slice(i, i + k).join(''))) return true;
  return false;
}

export interface AuditLike {
  indicators: Array<{ id: string; status: St; evidence: Array<{ quote: string }> }>;
  claims?: Array<{ quote: string; verdict: string; kind?: string }>;
}
export interface LabelLike {
  labels: Record<string, { status: St; evidence: string[] }>;
  claims: Array<{ quote: string; verdict: string; kind: string }>;
}

function f1(tp: number, fp: number, fn: number) {
  const p = tp + fp ? tp / (tp + fp) : 0;
  const r = tp + fn ? tp / (tp + fn) : 0;
  return { f1: p + r ? (2 * p * r) / (p + r) : 0, p, r };
}

export function score(pairs: Array<{ rel: string; label: LabelLike; audit: AuditLike }>) {
  const conf = new Map<string, number>();
  const perInd = new Map<string, Map<string, number>>();
  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  let evHit = 0, evN = 0, ctp = 0, cfp = 0, cfn = 0, vOk = 0, vN = 0;
  const statusOf = new Map<string, St>();
  const kind = new Map<string, { tp: number; fn: number; fp: number }>();
  const kk = (k: string) => kind.get(k) ?? (kind.set(k, { tp: 0, fn: 0, fp: 0 }), kind.get(k)!);
  for (const { rel, label, audit } of [...pairs].sort((x, y) => (x.rel < y.rel ? -1 : 1))) {
    const got = new Map(audit.indicators.map((i) => [i.id, i]));
    for (const [iid, l] of Object.entries(label.labels)) {
      const g = got.get(iid) ?? { status: 'absent' as St, evidence: [] };
      inc(conf, `${l.status}>${g.status}`);
      if (!perInd.has(iid)) perInd.set(iid, new Map());
      inc(perInd.get(iid)!, `${l.status}>${g.status}`);
      statusOf.set(`${rel}\u0000${iid}`, g.status);
      if (l.status !== 'absent' && g.status !== 'absent') {
        evN++;
        const qs = g.evidence.slice(0, 3).map((e) => e.quote);
        if (qs.some((q) => l.evidence.some((lq) => overlap(q, lq)))) evHit++;
      }
    }
    const gc = audit.claims ?? [];
    const used = new Set<number>();
    for (const c of label.claims) {
      const m = gc.findIndex((x, j) => !used.has(j) && overlap(x.quote, c.quote));
      if (m < 0) { cfn++; kk(c.kind).fn++; }
      else {
        used.add(m); ctp++; vN++; kk(c.kind).tp++;
        if (gc[m].verdict === c.verdict) vOk++;
      }
    }
    cfp += gc.length - used.size;
    gc.forEach((c, j) => { if (!used.has(j)) kk(c.kind ?? 'other').fp++; });
  }
  const n = [...conf.values()].reduce((a, b) => a + b, 0);
  const get = (a: string, b: string) => conf.get(`${a}>${b}`) ?? 0;
  const classes: St[] = ['disclosed', 'partial', 'absent'];
  const acc = classes.reduce((s, c) => s + get(c, c), 0) / n;
  const f1s = classes.map((c) => {
    const tp = get(c, c);
    const fp = classes.filter((a) => a !== c).reduce((s, a) => s + get(a, c), 0);
    const fn = classes.filter((b) => b !== c).reduce((s, b) => s + get(c, b), 0);
    return f1(tp, fp, fn).f1;
  });
  const sil = f1(get('absent', 'absent'), get('disclosed', 'absent') + get('partial', 'absent'), get('absent', 'disclosed') + get('absent', 'partial'));
  let pairsN = 0, same = 0;
  for (const [key, s] of statusOf) {
    const [rel, iid] = key.split('\u0000');
    if (/-zh$/.test(rel)) {
      const en = rel.replace(/-zh$/, '');
      const o = statusOf.get(`${en}\u0000${iid}`);
      if (o) { pairsN++; if (o === s) same++; }
    }
  }
  const c = f1(ctp, cfp, cfn);
  return {
    docs: pairs.length,
    accuracy: acc,
    macro_f1: f1s.reduce((a, b) => a + b, 0) / 3,
    silence_f1: sil.f1, silence_p: sil.p, silence_r: sil.r,
    evidence_hit: evN ? evHit / evN : null,
    claims_f1: c.f1, claims_p: c.p, claims_r: c.r,
    claim_verdict_acc: vN ? vOk / vN : null,
    zh_en_parity: pairsN ? same / pairsN : null,
    conf, perInd, kind,
  };
}
