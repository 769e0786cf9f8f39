import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchmark_scripts, the loader of the scripts
