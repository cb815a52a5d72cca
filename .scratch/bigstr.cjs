const fs = require('fs');
const s = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const f = s.snapshot.meta.node_fields; const nf = f.length; const types = s.snapshot.meta.node_types[0];
const N = s.nodes, S = s.strings; const it = f.indexOf('type'), iname = f.indexOf('name'), isz = f.indexOf('self_size');
const out = [];
for (let i = 0; i < N.length; i += nf) { const t = types[N[i + it]]; if (t === 'string') out.push([N[i + isz], S[N[i + iname]]]); }
out.sort((a, b) => b[0] - a[0]);
let tot = 0; for (const [z] of out) tot += z;
console.log('strings', out.length, (tot/1e6).toFixed(1));
for (const [z, str] of out.slice(0, 25)) console.log((z / 1e3).toFixed(0).padStart(7), 'KB', JSON.stringify(str.slice(0, 100)));
// bucket by prefix kind
const big = out.filter(([z]) => z > 20000); let bt = 0; for (const [z] of big) bt += z; console.log('strings > 20KB', big.length, (bt/1e6).toFixed(1), 'MB');
const mid = out.filter(([z]) => z <= 20000 && z > 1000); let mt = 0; for (const [z] of mid) mt += z; console.log('1-20KB', mid.length, (mt/1e6).toFixed(1));
