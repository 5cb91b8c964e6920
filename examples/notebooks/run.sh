#!/usr/bin/env bash
# Executes every notebook here headlessly with the Deno Jupyter kernel and fails on any cell
# error: `npm run notebooks` (after `npm install`, which builds dist/ that deno.json maps the
# library to). Needs Jupyter (Debian: jupyter-nbconvert, jupyter-client, python3-ipykernel;
# .ci/run installs them) and the deno npm package (a dev dependency). Executed copies go to
# out/notebooks/.
set -euo pipefail
cd "$(dirname "$0")"
root="$(cd ../.. && pwd)"
deno="$root/node_modules/.bin/deno"
# (re)install the kernelspec so it points at this checkout's deno binary
"$deno" jupyter --install --force >/dev/null 2>&1
mkdir -p "$root/out/notebooks"
for notebook in *.ipynb; do
  echo "== $notebook"
  if ! jupyter nbconvert --to notebook --execute \
    --ExecutePreprocessor.kernel_name=deno --ExecutePreprocessor.timeout=600 \
    --output-dir "$root/out/notebooks" "$notebook" >"$root/out/notebooks/$notebook.log" 2>&1; then
    cat "$root/out/notebooks/$notebook.log"
    echo "notebook $notebook failed" >&2
    exit 1
  fi
  # every code cell ran and none recorded an error
  python3 - "$root/out/notebooks/$notebook" <<'PY'
import json, sys
nb = json.load(open(sys.argv[1]))
code = [c for c in nb['cells'] if c['cell_type'] == 'code']
errors = [o for c in code for o in c.get('outputs', []) if o.get('output_type') == 'error']
unrun = [c for c in code if c.get('execution_count') is None]
if errors or unrun:
    sys.exit(f"{sys.argv[1]}: {len(errors)} error output(s), {len(unrun)} cell(s) not run")
charts = sum('image/svg+xml' in o.get('data', {}) for c in code for o in c.get('outputs', []))
print(f"   {len(code)} cells ran, {charts} charts")
PY
done
