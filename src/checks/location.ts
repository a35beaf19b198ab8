/** 1-based line and column (UTF-16 code units) of an offset. Derived from offsets, never stored apart. */
const boxes = new Map<string, { starts: number[] }>();

function lineStarts(text: string): number[] {
  const hit = boxes.get(text);
  if (hit) return hit.starts;
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  if (boxes.size > 8) boxes.clear();
  boxes.set(text, { starts });
  return starts;
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const starts = lineStarts(text);
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}
