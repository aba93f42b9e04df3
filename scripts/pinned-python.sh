# Sourced by the reference generators (modules/*/fixtures/generate.sh, check.sh): the pinned Python
# environment they run in, so two runs anywhere give the same bytes.
#
#   source scripts/pinned-python.sh REQUIREMENTS VENV    # then run "$pinned_python" ...
#
# Creates VENV with CPython 3.11 ($PYTHON to choose another), installs REQUIREMENTS (every
# transitive dependency pinned), fails if an installed version differs from its pin, and exports
# the determinism settings: one BLAS thread, a fixed hash seed, and the training kernels pinned to
# the AVX2/FMA tier (numpy's SIMD dispatch and OpenBLAS pick kernels per CPU: an AVX-512 host
# trained the engine's MLPs to different last bits until this pin). Refuses CPUs without AVX2/FMA.

pinned_requirements="$1"
pinned_venv="$2"
pinned_interpreter="${PYTHON:-python3.11}"

if ! command -v "$pinned_interpreter" >/dev/null 2>&1; then
    echo "pinned-python: $pinned_interpreter not found (set PYTHON=...; the pins were resolved for CPython 3.11)" >&2
    exit 1
fi
if [ ! -x "$pinned_venv/bin/python" ]; then
    "$pinned_interpreter" -m venv "$pinned_venv"
fi
"$pinned_venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$pinned_requirements"
# Fail if an installed version differs from its pin (e.g. a venv left from an older requirements file).
"$pinned_venv/bin/python" - "$pinned_requirements" <<'PY'
import sys
from importlib.metadata import version
pins = {}
for line in open(sys.argv[1]):
    line = line.split("#", 1)[0].strip()
    if line:
        name, ver = line.split("==")
        pins[name] = ver
bad = [f"{n}=={version(n)} (want {v})" for n, v in pins.items() if version(n) != v]
if bad:
    sys.exit("pinned-python: venv does not match " + sys.argv[1] + ": " + ", ".join(bad))
PY

export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONHASHSEED=0
if ! grep -qw avx2 /proc/cpuinfo || ! grep -qw fma /proc/cpuinfo; then
    echo "pinned-python: the pinned kernels need an x86-64 CPU with AVX2 and FMA" >&2
    exit 1
fi
export OPENBLAS_CORETYPE=Haswell
pinned_npy_off="$("$pinned_venv/bin/python" -c '
from numpy._core._multiarray_umath import __cpu_dispatch__ as d, __cpu_features__ as f
print(",".join(x for x in d if x not in ("X86_V2", "X86_V3") and f.get(x)))')"
if [ -n "$pinned_npy_off" ]; then
    export NPY_DISABLE_CPU_FEATURES="$pinned_npy_off"
fi
pinned_python="$pinned_venv/bin/python"
