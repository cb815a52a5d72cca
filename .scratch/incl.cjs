// inclusive time per function (counted once per stack) for frames matching a filter
const p = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const filt = new RegExp(process.argv[3] || 'src/');
const byId = new Map(); for (const n of p.nodes) byId.set(n.id, n);
const parent = new Map(); for (const n of p.nodes) for (const c of n.children || []) parent.set(c, n.id);
const t = new Map(); for (let i = 0; i < p.samples.length; i++) t.set(p.samples[i], (t.get(p.samples[i]) || 0) + (p.timeDeltas[i] || 0));
const incl = new Map(); let total = 0;
for (const [id, us] of t) {
  total += us; const seen = new Set(); let cur = id;
  while (cur !== undefined) { const n = byId.get(cur); const cf = n.callFrame;
    const k = `${cf.functionName || '(anon)'} ${cf.url.replace(/.*node_modules\//, 'nm/').replace(/.*main\//, '')}:${cf.lineNumber}`;
    if (filt.test(k) && !seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) || 0) + us); }
    cur = parent.get(cur); }
}
console.log('total ms', Math.round(total / 1000));
for (const [k, us] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, +(process.argv[4] || 40))) console.log((us / 1000).toFixed(0).padStart(7), k);
