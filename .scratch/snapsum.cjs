// Aggregates a heap snapshot: self size by node type+name, and retained-ish by top-level owner is too costly; self only.
const fs = require('fs');
const s = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const f = s.snapshot.meta.node_fields; const nf = f.length;
const types = s.snapshot.meta.node_types[0];
const N = s.nodes; const strings = s.strings;
const it = f.indexOf('type'), iname = f.indexOf('name'), isz = f.indexOf('self_size');
const agg = new Map(); let total = 0;
for (let i = 0; i < N.length; i += nf) {
  const t = types[N[i + it]]; let name = strings[N[i + iname]];
  if (t === 'string' || t === 'concatenated string' || t === 'sliced string') name = '(string)';
  if (t === 'code') name = '(code)';
  if (t === 'array') name = '(array) ' + name;
  const k = t + ' ' + name.slice(0, 60);
  agg.set(k, (agg.get(k) || 0) + N[i + isz]); total += N[i + isz];
}
console.log('total MB', (total / 1e6).toFixed(1));
for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, +(process.argv[3] || 40))) console.log((v / 1e6).toFixed(2).padStart(8), k);
