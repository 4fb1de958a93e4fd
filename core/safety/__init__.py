"""Safety: checks on every model draft, prompt-injection screening, counterfactual bias checks."""
