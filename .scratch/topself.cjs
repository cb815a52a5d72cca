// usage: node topself.js file.cpuprofile [n]
const p = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
const n = +(process.argv[3] || 40);
const self = new Map(); const byId = new Map();
for (const node of p.nodes) byId.set(node.id, node);
const dt = p.timeDeltas; const samples = p.samples;
const t = new Map();
for (let i = 0; i < samples.length; i++) t.set(samples[i], (t.get(samples[i]) || 0) + (dt[i] || 0));
let total = 0;
for (const [id, us] of t) { const nd = byId.get(id); const cf = nd.callFrame; const k = `${cf.functionName || '(anon)'} ${cf.url.replace(/.*node_modules\//, 'nm/').replace(/.*main\//, '')}:${cf.lineNumber}`; self.set(k, (self.get(k) || 0) + us); total += us; }
// inclusive by file
const files = new Map();
for (const [k, us] of self) { const f = k.split(' ')[1].replace(/:\d+$/, ''); files.set(f, (files.get(f) || 0) + us); }
console.log('total ms', Math.round(total / 1000));
console.log('--- self by function');
for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log((us / 1000).toFixed(0).padStart(7), k);
console.log('--- self by file');
for (const [k, us] of [...files].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log((us / 1000).toFixed(0).padStart(7), k);
