#!/bin/bash
# WAL bytes per create during a create load (server started by prof-read.ts)
lsn() { psql -h 127.0.0.1 -U postgres -d test -Atc "select pg_current_wal_lsn()"; }
(DUR=10 npx tsx .scratch/prof-read.ts create ${1:-16} > /tmp/walc.log 2>&1 &)
sleep 11; a=$(lsn); sleep 8; b=$(lsn)
sleep 5; grep req/s /tmp/walc.log
psql -h 127.0.0.1 -U postgres -d test -Atc "select pg_wal_lsn_diff('$b','$a')/1024/1024 || ' MB in 8 s'"
