"""Synthetic clinical datasets: condition library, generator, formats, validation, calibration sets.

Modules (one concern each):
    conditions     the condition library (library/*.yaml), validated with pydantic
    fictional      the only names and places the generator writes (the PHI audit's authenticity lists)
    demographics   stratified patient profiles (age band x sex x race/ethnicity)
    phrasing       voices, registers and synonym sampling for triage stories
    triage_cases   triage facts, the engine intake dict and the target draft
    tasks/         labs, risk, conversations, wearables, benefits (instruction-response tasks)
    generator      ``generate(n, seed)``: reproducible records in every category
    splits         train/eval split by family; duplicate dropping and near-duplicate family merging
    records        the one record schema every line follows
    store          datasets/NAME/{raw,processed,augmented}/<category>.jsonl + manifest.json
    formats        instruction, chat (OpenAI/Azure), conversation JSONL, Hugging Face, CSV
    schema         the append-only ``dataset_versions`` tracking table
    manifest       manifests, versions, live PHI audit status, tracking CSV
    dictionary     the data dictionary (Markdown + HTML) under reports/
    validation     schema, duplicates, balance, tokens, leakage, readability, harm, volume, red-flag floor
    dedup / harm / readability / tokens   the pieces validation uses
    calibration    quantization calibration sets with statistics and a verdict
    service        the workspace workflows the CLI and GUI call (MANAGE_DATA, audited)
"""
