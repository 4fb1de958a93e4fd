#!/usr/bin/env bash
# The recipe for the default triage adapter shipped in models/adapters/: the clinic's own
# retraining workflow, end to end, in a scratch workspace under build/default-adapter/.
#
#   models/recipes/default-adapter.sh          # start, or resume where the last run stopped
#
# Steps: synthetic data -> validation -> PHI audit -> cost estimate -> LoRA training
# (checkpoint every 10 steps; run the script again to resume) -> GGUF export ->
# register -> evaluation of base and adapter on the development vignettes -> regression
# gate against the bare base -> model card -> publish into models/adapters/default-triage/
# (adapter, manifest with sha256s, PHI audit, evaluation, gate and card), which every new
# workspace then registers and activates (core/registry/shipped.py).
# CPU training of the 270M model takes hours on 2 cores: stop it with Ctrl-C at any time.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="${PRESCREEN_RECIPE_DIR:-build/default-adapter}"
export PRESCREEN_HOME="$ROOT/workspace" PRESCREEN_USER=recipe-admin
export PRESCREEN_PASSWORD="${PRESCREEN_RECIPE_PASSWORD:-recipe-only-not-a-clinic-password-1}"
PS=(.venv/bin/python -m core.cli)
mkdir -p "$ROOT"
DATASET=triage-default-2 SEED=31 N=620 STYLE=mixed

if [ ! -d "$PRESCREEN_HOME" ]; then
  printf '%s\n' "$PRESCREEN_PASSWORD" | "${PS[@]}" init --admin "$PRESCREEN_USER" --password-stdin
fi
if ! "${PS[@]}" data list 2>/dev/null | grep -q "^$DATASET"; then
  "${PS[@]}" data generate --n "$N" --seed "$SEED" --categories triage --variants 1 --style "$STYLE" --format instruction --out "$DATASET"
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
RUN=$("${PS[@]}" train --list | awk -v d="$DATASET" '$4 == d && $2 == "finished" {print $1}' | tail -1)
[ -n "$RUN" ] || { echo "no finished training run for $DATASET" >&2; exit 1; }
OUT=models/adapters/default-triage
NAME=default-adapter-v2
# Export, register (once), evaluate base and candidate on the development vignettes, gate, card.
[ -f "$PRESCREEN_HOME/runs/$RUN/adapter.gguf" ] || "${PS[@]}" export gguf "$RUN"
VERSION=$("${PS[@]}" model list | awk -v n="$NAME" '$0 ~ n {print ($1 == "*" ? $2 : $1)}' | tail -1)
if [ -z "$VERSION" ]; then
  "${PS[@]}" model register --run "$RUN" --name "$NAME"
  VERSION=$("${PS[@]}" model list | awk -v n="$NAME" '$0 ~ n {print ($1 == "*" ? $2 : $1)}' | tail -1)
fi
# The gate compares with the active model: the bare base, as in a workspace without the adapter.
if ! "${PS[@]}" model list | grep -q '^\* base '; then
  "${PS[@]}" model rollback --reason "the recipe gates the adapter against the bare base"
fi
"${PS[@]}" eval base --mode pipeline --no-perplexity
"${PS[@]}" eval "$VERSION" --mode pipeline --no-perplexity
"${PS[@]}" regress "$VERSION" --set vignettes || echo "the gate did not pass: the adapter is not published" >&2
GATE=$(ls -td "$PRESCREEN_HOME"/reports/gates/*/ | head -1)
grep -q ': \*\*PASS\*\*\|: \*\*WARN\*\*' "$GATE/gate.md" || exit 1
"${PS[@]}" model card "$VERSION"
# Publish into the repository: the file, its manifest and the reports behind it.
mkdir -p "$OUT"
cp "$PRESCREEN_HOME/runs/$RUN/adapter.gguf" "$OUT/adapter.gguf"
cp "$(ls -t "$PRESCREEN_HOME"/reports/phi-audit-"$DATASET"-*.md | head -1)" "$OUT/phi-audit.md"
for who in "$VERSION" base; do
  EVAL=$(ls -td "$PRESCREEN_HOME"/reports/evaluations/"$who"-vignettes-*/ | head -1)
  STEM=evaluation; [ "$who" = base ] && STEM=evaluation-base
  cp "$EVAL/metrics.png" "$OUT/$STEM-metrics.png"; cp "$EVAL/confusion-pipeline.png" "$OUT/$STEM-confusion.png"
  sed -e "s/(metrics.png)/($STEM-metrics.png)/" -e "s/(confusion-pipeline.png)/($STEM-confusion.png)/" \
    "$EVAL/evaluation.md" > "$OUT/$STEM.md"
done
cp "$GATE/trend-vignettes.png" "$OUT/gate-trend.png"
sed 's/(trend-vignettes.png)/(gate-trend.png)/' "$GATE/gate.md" > "$OUT/gate.md"
cp "$PRESCREEN_HOME/reports/models/$VERSION/model-card.md" "$OUT/MODEL_CARD.md"
.venv/bin/python -m core.registry.publish "$OUT" --name "$NAME" --dataset "$DATASET" \
  --config "$PRESCREEN_HOME/runs/$RUN/config.yaml" --run "$RUN"
echo "published $OUT ($NAME from $RUN); commit it with its reports"
