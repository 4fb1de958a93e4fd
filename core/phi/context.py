"""Context words, looked up in the plain text in front of a match.

Presidio's default enhancer compares context words with spaCy lemmas, which
needs the tagger and lemmatizer (most of spaCy's time) and deep-copies every
result. Clinical cues are short fixed words ("MRN", "fax", "member") that sit
right before the value, so a look at the preceding words is enough.
"""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer

_WORD = re.compile(r"[a-z][a-z0-9'/-]*")


class PrecedingWordsEnhancer(ContextAwareEnhancer):
    """Boosts a result when one of its recognizer's context words is among the words before it.

    Args:
        context_similarity_factor: added to the score on a match.
        min_score_with_context_similarity: the least score a matched result ends with.
        context_prefix_count: how many words before the match are looked at.
    """

    def __init__(self, context_similarity_factor: float = 0.35, min_score_with_context_similarity: float = 0.4,
                 context_prefix_count: int = 5) -> None:
        super().__init__(context_similarity_factor, min_score_with_context_similarity, context_prefix_count, 0)

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        by_id = {r.id: r for r in recognizers}
        extra = {w.lower() for w in context or []}
        for result in raw_results:
            metadata = result.recognition_metadata or {}
            recognizer = by_id.get(metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
            already = metadata.get(RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY)
            if not recognizer or not recognizer.context or already:
                continue
            before = _WORD.findall(text[max(0, result.start - 60):result.start].lower())[-self.context_prefix_count:]
            cues = {w.lower() for w in recognizer.context}
            if any(word in cues or any(word.startswith(c) for c in cues if len(c) > 3) for word in before) or \
                    extra & cues:
                result.score = min(self.MAX_SCORE, max(result.score + self.context_similarity_factor,
                                                       self.min_score_with_context_similarity))
                metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
                result.recognition_metadata = metadata
        return raw_results
