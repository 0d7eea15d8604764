#!/usr/bin/env python3
"""Groups a flat `perf report --no-children --sort dso,symbol --stdio` listing (file in argv[1])
into coarse PostgreSQL backend categories by symbol name. Debian's postgres binary keeps only
its exported symbols, so static functions appear as addresses and are counted apart."""
import re
import sys

CATS = {
    "btree (index search/insert)": r"_bt_|btinsert|index_insert|btgettuple|btbeginscan|btrescan|index_getnext|index_beginscan|index_fetch|IndexNext",
    "executor start/end per statement (each foreign-key check is one SPI query per row)": r"ExecutorStart|ExecInit|ExprEvalPushStep|ExecReadyExpr|TupleDescInit|CreateTupleDesc|ExecutorEnd|ExecEnd|CheckExprStillValid|ExecAssignProjection|ExecBuildProjection|ExecTypeFromTL|ExecConditionalAssign|CreateExecutorState|FreeExecutorState|SPI_|_SPI_|ri_|RI_|AfterTrigger|ExecutorRun|standard_Executor|ExecLockRows|heap_lock_tuple|CreateQueryDesc|FreeQueryDesc|GetCachedPlan|CachedPlan|PortalRun|ExecProcNode|ExecEvalParam",
    "sequential scan / heap fetch": r"heapgetpage|heap_getnext|ExecScan|SeqNext|heapgettup|heap_hot_search|heapam_index_fetch|heap_page_prune",
    "hash tables (buffer mapping, catalog caches)": r"hash_search|hash_bytes|hash_any|hash_uint32|LookupType|SearchCatCache|SearchSysCache",
    "WAL": r"XLog|WALInsert",
    "heap insert": r"heap_insert|heap_multi_insert|RelationGetBufferForTuple|heap_form_tuple|heap_fill_tuple|heap_compute_data_size|PageAddItem",
    "buffers and locks": r"ReadBuffer|LockBuffer|LWLock|ReleaseBuffer|PinBuffer|UnpinBuffer|MarkBufferDirty|BufTableLookup",
    "memory (palloc, malloc, memcpy)": r"palloc|pfree|MemoryContext|AllocSet|malloc|_int_free|cfree|memset|memmove|memcpy",
    "array parsing (the unnest input)": r"array_in|ReadArrayStr|ArrayCount|int4in|textin|pg_strtoint|unnest|construct_md_array",
    "conflict check (ON CONFLICT)": r"ExecCheckIndexConstraints|check_exclusion|ExecInsertIndexTuples|ExecOnConflict|SpeculativeInsertion|heap_finish_speculative",
    "kernel": r"\[k\]",
}
tot = dict.fromkeys(CATS, 0.0)
other = unknown = 0.0
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    m = re.match(r"\s*([\d.]+)%\s+(.*)", line)
    if not m:
        continue
    p, sym = float(m.group(1)), m.group(2)
    if re.search(r"0x[0-9a-f]{8,}", sym):
        unknown += p
        continue
    for k, rx in CATS.items():
        if re.search(rx, sym):
            tot[k] += p
            break
    else:
        other += p
for k, v in sorted(tot.items(), key=lambda x: -x[1]):
    print(f"| {v:.1f} % | {k} |")
print(f"| {unknown:.1f} % | static functions (no symbol in the stripped binary) |")
print(f"| {other:.1f} % | other named functions |")
