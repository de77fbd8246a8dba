# Results: one TSV line per scenario and target in $RUN_DIR/results.tsv, and a table at the end
# showing each scenario against CertVPN and the reference stack side by side. A target not run
# in this invocation is filled in from the newest earlier run under interop/out/ (marked *).

record_result() {
  local name=$1 target=$2 t0=$3
  local secs; secs=$(awk -v ms=$(( $(now_ms) - t0 )) 'BEGIN {printf "%.1f", ms / 1000}')
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$target" "$SC_STATUS" "${SC_CONNECT_MS:--}" "$secs" "${SC_DETAIL:--}" \
    >> "$RUN_DIR/results.tsv"
  log "  => $SC_STATUS${SC_DETAIL:+ ($SC_DETAIL)} [${secs}s]"
}

# Newest result line of NAME against TARGET: from this run first, then earlier runs.
lookup_result() {
  local name=$1 target=$2 f line
  line=$(awk -F'\t' -v n="$name" -v t="$target" '$1 == n && $2 == t' "$RUN_DIR/results.tsv" 2>/dev/null | tail -1)
  if [ -n "$line" ]; then echo "$line"; return; fi
  for f in $(ls -1dt "$INTEROP_DIR"/out/*/results.tsv 2>/dev/null); do
    [ "$f" = "$RUN_DIR/results.tsv" ] && continue
    line=$(awk -F'\t' -v n="$name" -v t="$target" '$1 == n && $2 == t' "$f" | tail -1)
    [ -n "$line" ] && { printf '%s\t*\n' "$line"; return 0; }
  done
  return 0
}

fmt_ms() { [ "$1" = - ] || [ -z "$1" ] && { echo -; return; }; awk -v m="$1" 'BEGIN {printf "%.2fs", m / 1000}'; }

print_report() {
  local names=("$@") n line t
  local w=24
  for n in "${names[@]}"; do [ ${#n} -gt $w ] && w=${#n}; done
  {
    echo
    echo "Interop run $RUN_ID ($(date -u +%FT%TZ)), matrix time $(( (MATRIX_END - MATRIX_START) / 1000 )) s"
    printf "%-${w}s  %-16s %-9s  %-16s %-9s  %s\n" scenario "certvpn" connect "reference" connect "notes"
    printf "%-${w}s  %-16s %-9s  %-16s %-9s  %s\n" "$(printf '%*s' $w '' | tr ' ' -)" "----------------" "---------" "----------------" "---------" "-----"
    for n in "${names[@]}"; do
      local cs=- cc=- rs=- rc=- note=
      line=$(lookup_result "$n" certvpn)
      if [ -n "$line" ]; then
        IFS=$'\t' read -r _ _ cs cc _ cd cmark <<< "$line"; cs="$cs${cmark:+*}"; cc=$(fmt_ms "$cc")
        [ "$cs" = pass ] || note="certvpn: ${cd}"
      fi
      line=$(lookup_result "$n" reference)
      if [ -n "$line" ]; then
        IFS=$'\t' read -r _ _ rs rc _ rd rmark <<< "$line"; rs="$rs${rmark:+*}"; rc=$(fmt_ms "$rc")
        case "$rs" in pass*) ;; *) note="${note:+$note; }reference: $rd";; esac
      fi
      printf "%-${w}s  %-16s %-9s  %-16s %-9s  %s\n" "$n" "$cs" "$cc" "$rs" "$rc" "$note"
    done
    echo "(* = from an earlier run; connect = client's connect command to PPP up, slowest client)"
  } | tee "$RUN_DIR/report.txt"
}
