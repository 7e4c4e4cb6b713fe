#!/usr/bin/env bash
# The worked example end to end: NumPy training -> .npz / safetensors -> certificate from
# Python and from the CLI -> `ncverify verify` -> metrics. Needs a Python with numpy and the
# ncverify package installed (`pip install ./crates/ncverify-python`; safetensors optional),
# and builds the CLI with cargo.
#
#   PYTHON=python3 examples/python/run.sh [OUT]     (from anywhere; OUT defaults to examples/python/out)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
py="${PYTHON:-python3}"
# a relative interpreter path keeps working after the cd below
if [[ "$py" == */* ]]; then py="$(cd "$(dirname "$py")" && pwd)/$(basename "$py")"; fi
out="${1:-$here/out}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

cd "$here"
echo "== train (NumPy only)"
"$py" train_dufm.py --out "$out"
echo "== certify and measure from Python (npz)"
"$py" certify_example.py "$out"
if [ -f "$out/dufm.safetensors" ]; then
  echo "== certify from Python (safetensors)"
  "$py" certify_example.py "$out" --format safetensors
fi

echo "== certify and verify from the CLI"
cargo build --release --quiet --manifest-path "$repo/Cargo.toml" --bin ncverify
ncv="$repo/target/release/ncverify"
"$ncv" certify-point "$out/dufm.npz" --lambda-w 0.004 --lambda-h 0.004 --out "$out/certificate-cli.toml"
if [ -f "$out/dufm.safetensors" ]; then
  "$ncv" certify-point "$out/dufm.safetensors" --lambda-w 0.004 --lambda-h 0.004 --out "$out/certificate-cli-st.toml"
fi
"$ncv" verify "$out"/certificate-*.toml
echo "== metrics from the CLI"
"$ncv" metrics --quiet "$out/features.npy" "$out/labels.npy" --weights "$out/classifier.npy"
