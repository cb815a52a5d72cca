#!/bin/bash
lsn() { psql -h 127.0.0.1 -U postgres -d test -Atc "select pg_current_wal_lsn()"; }
(DUR=10 npx tsx .scratch/prof-read.ts create ${1:-16} > /tmp/walc.log 2>&1 &)
sleep 11; a=$(lsn); sleep 4; b=$(lsn)
sleep 8; grep req/s /tmp/walc.log
W=$(ls /usr/lib/postgresql/*/bin/pg_waldump | head -1)
$W -p /var/lib/postgresql/15/main/pg_wal -s $a -e $b --stats=record 2>&1 | sort -k6 -n -r | head -25
