#!/usr/bin/env bash
# The recipe for the default triage adapter shipped in models/adapters/: the clinic's own
# retraining workflow, end to end, in a scratch workspace under build/default-adapter/.
#
#   models/recipes/default-adapter.sh          # start, or resume where the last run stopped
#
# Steps: synthetic data -> validation -> PHI audit -> cost estimate -> LoRA training
# (checkpoint every 20 steps; run the script again to resume) -> GGUF export ->
# register -> evaluation on the development vignettes -> regression gate -> model card.
# CPU training of the 270M model takes hours on 2 cores: stop it with Ctrl-C at any time.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="${PRESCREEN_RECIPE_DIR:-build/default-adapter}"
export PRESCREEN_HOME="$ROOT/workspace" PRESCREEN_USER=recipe-admin
export PRESCREEN_PASSWORD="${PRESCREEN_RECIPE_PASSWORD:-recipe-only-not-a-clinic-password-1}"
PS=(.venv/bin/python -m core.cli)
mkdir -p "$ROOT"
DATASET=triage-default SEED=31 N=620

if [ ! -d "$PRESCREEN_HOME" ]; then
  printf '%s\n' "$PRESCREEN_PASSWORD" | "${PS[@]}" init --admin "$PRESCREEN_USER" --password-stdin
fi
if ! "${PS[@]}" data list 2>/dev/null | grep -q "^$DATASET"; then
  "${PS[@]}" data generate --n "$N" --seed "$SEED" --categories triage --variants 1 --format instruction --out "$DATASET"
  "${PS[@]}" data validate "$DATASET"
  "${PS[@]}" phi audit "$DATASET"
fi
cat > "$ROOT/train.yaml" <<YAML
learning_rate: 0.0005
epochs: 1
tokens_per_batch: 2048     # half the preset's micro-batch (memory: ~5 GB instead of ~9 GB on CPU)
grad_accumulation: 2       # the same tokens per optimizer step as the preset
checkpoint_every: 10
YAML
# A run stopped by Ctrl-C (or SIGTERM) is 'cancelled' with a checkpoint: continue it.
RUN=$("${PS[@]}" train --list 2>/dev/null | awk -v d="$DATASET" '$4 == d && ($2 == "cancelled" || $2 == "failed") {print $1}' | tail -1 || true)
if [ -n "$RUN" ]; then
  "${PS[@]}" train --resume "$RUN"
else
  "${PS[@]}" train "$DATASET" --config "$ROOT/train.yaml" --yes
fi
echo "training finished; next: export, register, evaluate, gate, card (see models/adapters/README.md)"
