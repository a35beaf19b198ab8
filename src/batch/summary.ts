/** The end-of-batch summary table (stderr): documents ok/failed, mean score, bytes, total time. */
import type { TaskResult } from './task.js';

export interface BatchStats {
  files: number;
  ok: number;
  failed: number;
  /** Mean of score.percent over the audited documents; NaN when none. */
  meanScore: number;
  bytes: number;
  ms: number;
  failedByKind: Record<string, number>;
}

export class StatsCollector {
  private files = 0;
  private ok = 0;
  private failed = 0;
  private scoreSum = 0;
  private bytes = 0;
  private byKind: Record<string, number> = {};
  add(r: TaskResult): void {
    this.files++;
    this.bytes += r.bytes;
    if (r.ok) {
      this.ok++;
      this.scoreSum += r.audit.score.percent;
    } else {
      this.failed++;
      this.byKind[r.kind] = (this.byKind[r.kind] ?? 0) + 1;
    }
  }
  result(ms: number): BatchStats {
    return {
      files: this.files,
      ok: this.ok,
      failed: this.failed,
      meanScore: this.ok > 0 ? this.scoreSum / this.ok : NaN,
      bytes: this.bytes,
      ms,
      failedByKind: { ...this.byKind },
    };
  }
}

function human(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatSummary(s: BatchStats, color: (s: string) => string = (x) => x): string {
  const rows: Array<[string, string]> = [
    ['documents', String(s.files)],
    ['audited', String(s.ok)],
    [
      'failed',
      s.failed > 0
        ? `${s.failed} (${Object.entries(s.failedByKind)
            .map(([k, n]) => `${k} ${n}`)
            .join(', ')})`
        : '0',
    ],
    ['mean score', Number.isNaN(s.meanScore) ? '-' : `${s.meanScore.toFixed(1)}%`],
    ['read', human(s.bytes)],
    ['time', s.ms < 1000 ? `${Math.round(s.ms)} ms` : `${(s.ms / 1000).toFixed(2)} s`],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${color(k.padEnd(w))}  ${v}`).join('\n') + '\n';
}
