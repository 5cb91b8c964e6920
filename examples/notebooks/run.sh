#!/usr/bin/env bash
# Executes every notebook here headlessly with the Deno Jupyter kernel and fails on any cell
# error or on a cell that shows a bare Promise: `npm run notebooks` (which builds dist/ first,
# the library deno.json maps to). Needs Jupyter (Debian: jupyter-nbconvert, jupyter-client,
# python3-ipykernel; .ci/run installs them) and the deno npm package (a dev dependency).
# Executed copies go to out/notebooks/.
#
# The Deno kernelspec is written to out/jupyter/kernels/deno/ (found through JUPYTER_PATH for
# this run only), pointing at this checkout's deno: nothing is installed in your Jupyter
# directories. To open the notebooks in your own Jupyter, install the kernel once with
# `npx deno jupyter --install` (that writes a user-wide kernelspec).
set -euo pipefail
cd "$(dirname "$0")"
root="$(cd ../.. && pwd)"
deno="$root/node_modules/.bin/deno"
if ! command -v jupyter >/dev/null 2>&1 || ! jupyter nbconvert --version >/dev/null 2>&1; then
  echo "npm run notebooks: jupyter (with nbconvert) is not installed. Install it with" >&2
  echo "  sudo apt-get install -y jupyter-nbconvert jupyter-client python3-ipykernel   # Debian/Ubuntu" >&2
  echo "  python3 -m pip install nbconvert jupyter_client ipykernel                   # elsewhere" >&2
  exit 1
fi
if [ ! -x "$deno" ]; then
  echo "npm run notebooks: $deno not found; run npm ci (deno is a dev dependency)" >&2
  exit 1
fi
kernels="$root/out/jupyter/kernels/deno"
mkdir -p "$kernels" "$root/out/notebooks"
cat >"$kernels/kernel.json" <<JSON
{
  "argv": [$(python3 -c 'import json, sys; print(json.dumps(sys.argv[1]))' "$deno"), "jupyter", "--kernel", "--conn", "{connection_file}"],
  "display_name": "Deno (customer-value, out/jupyter)",
  "language": "typescript"
}
JSON
export JUPYTER_PATH="$root/out/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
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
# a cell whose last expression is an un-awaited promise prints "Promise { ... }" as its result
promises = [c.get('id') for c in code for o in c.get('outputs', []) if ''.join(o.get('data', {}).get('text/plain', '')).startswith('Promise {')]
if errors or unrun or promises:
    sys.exit(f"{sys.argv[1]}: {len(errors)} error output(s), {len(unrun)} cell(s) not run, cells showing a Promise: {promises}")
charts = sum('image/svg+xml' in o.get('data', {}) for c in code for o in c.get('outputs', []))
print(f"   {len(code)} cells ran, {charts} charts")
PY
done
